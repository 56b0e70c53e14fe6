#include "pipeline/claim_spool.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>

#include "model/temporary_file.hpp"

namespace claimcheck {

namespace {

constexpr const char* kWhat = "a spooled claim";

// A claim's locations name one file or two; each name is written once a claim, then referred to.
class LocWriter {
 public:
  explicit LocWriter(ByteWriter& out) : out_(out) {}
  void loc(const SourceLoc& loc) {
    auto seen = std::find(files_.begin(), files_.end(), loc.file);
    if (seen == files_.end()) {
      out_.number(0);
      out_.text(loc.file.str());
      files_.push_back(loc.file);
    } else {
      out_.number(static_cast<std::uint64_t>(seen - files_.begin()) + 1);
    }
    out_.signed_number(loc.line);
    out_.signed_number(loc.col);
  }

 private:
  ByteWriter& out_;
  std::vector<FileName> files_;
};

template <class Enum>
Enum enum_at_most(ByteReader& in, Enum last) {
  std::uint64_t n = in.number();
  if (n > static_cast<std::uint64_t>(last)) throw std::runtime_error(std::string(kWhat) + " holds an unknown kind");
  return static_cast<Enum>(n);
}

void encode_bound(const std::optional<Bound>& bound, ByteWriter& out) {
  out.number(bound ? (bound->strict ? 2 : 1) : 0);
  if (bound) out.rational(bound->value);
}

std::optional<Bound> decode_bound(ByteReader& in) {
  std::uint64_t kind = in.number();
  if (kind > 2) throw std::runtime_error(std::string(kWhat) + " holds an unknown bound");
  if (kind == 0) return std::nullopt;
  Bound bound;
  bound.strict = kind == 2;
  bound.value = in.rational();
  return bound;
}

}  // namespace

void encode_claim(const Claim& claim, ByteWriter& out) {
  LocWriter locs(out);
  const RawClaim& raw = claim.raw;
  for (const std::string* text : {&raw.id, &raw.document, &raw.said_by, &raw.at, &raw.quote, &raw.fact})
    out.text(*text);
  out.number(raw.value ? 1 : 0);
  if (raw.value) {
    out.text(raw.value.get().text);
    locs.loc(raw.value.get().loc);
  }
  out.number(raw.extras ? 1 : 0);
  if (raw.extras) {
    const ClaimExtras& extras = raw.extras.get();
    for (const std::string* text : {&extras.context_before, &extras.context_after, &extras.note}) out.text(*text);
    out.number(extras.related.size());
    for (std::size_t i = 0; i < extras.related.size(); ++i) {
      out.text(extras.related[i]);
      locs.loc(extras.related_locs[i]);
    }
  }
  out.number(static_cast<std::uint64_t>(raw.modality));
  out.number(static_cast<std::uint64_t>(raw.tense));
  for (const SourceLoc* loc : {&raw.loc, &raw.said_by_loc, &raw.fact_loc}) locs.loc(*loc);

  out.text(claim.said_by);
  out.number(claim.atoms.size());
  for (const Atom& atom : claim.atoms) {
    out.number(static_cast<std::uint64_t>(atom.kind));
    out.text(atom.key.name);
    out.number(atom.key.args.size());
    for (const auto& arg : atom.key.args) out.text(arg);
    out.number(atom.key.periods.size());
    for (const auto& period : atom.key.periods) {
      out.number(period ? 1 : 0);
      if (period) {
        out.signed_number(period->first);
        out.signed_number(period->last);
      }
    }
    out.text(atom.key.unit);
    out.number(static_cast<std::uint64_t>(atom.type));
    encode_bound(atom.interval.lo, out);
    encode_bound(atom.interval.hi, out);
    out.number(atom.polarity ? 1 : 0);
    out.text(atom.wording);
    out.number(atom.reading ? 1 : 0);
    if (atom.reading) out.text(atom.reading.get());
    out.number(atom.tolerance ? 1 : 0);
    if (atom.tolerance) {
      out.rational(atom.tolerance.get().center);
      out.text(atom.tolerance.get().words);
    }
    out.maybe(atom.rounding_center);
    locs.loc(atom.loc);
  }
  out.number(claim.related ? 1 : 0);
  if (claim.related) {
    out.number(claim.related.get().size());
    for (const auto& ref : claim.related.get()) out.text(ref);
  }
  out.signed_number(claim.weight);
}

Claim ClaimDecoder::decode(ByteReader& in) {
  std::vector<FileName> claim_files;
  auto loc = [&]() {
    SourceLoc at;
    std::uint64_t file = in.number();
    if (file == 0) {
      std::string_view name = in.text_view();
      auto known = std::find_if(files_.begin(), files_.end(), [&](const auto& f) { return f.first == name; });
      if (known == files_.end()) known = files_.insert(files_.end(), {std::string(name), FileName(name)});
      claim_files.push_back(known->second);
    } else if (file > claim_files.size()) {
      throw std::runtime_error(std::string(kWhat) + " refers to a file it has not named");
    }
    at.file = claim_files[file == 0 ? claim_files.size() - 1 : file - 1];
    at.line = static_cast<int>(in.signed_number());
    at.col = static_cast<int>(in.signed_number());
    return at;
  };
  Claim claim;
  RawClaim& raw = claim.raw;
  for (std::string* text : {&raw.id, &raw.document, &raw.said_by, &raw.at, &raw.quote, &raw.fact}) *text = in.text();
  if (in.number() != 0) {
    StatedValue& value = raw.value.set();
    value.text = in.text();
    value.loc = loc();
  }
  if (in.number() != 0) {
    ClaimExtras& extras = raw.extras.set();
    for (std::string* text : {&extras.context_before, &extras.context_after, &extras.note}) *text = in.text();
    for (std::uint64_t k = in.number(); k > 0; --k) {
      extras.related.push_back(in.text());
      extras.related_locs.push_back(loc());
    }
  }
  raw.modality = enum_at_most(in, Modality::speculation);
  raw.tense = enum_at_most(in, Tense::future);
  for (SourceLoc* at : {&raw.loc, &raw.said_by_loc, &raw.fact_loc}) *at = loc();

  claim.said_by = in.text();
  std::uint64_t atoms = in.number();
  claim.atoms.reserve(std::min<std::uint64_t>(atoms, 64));
  for (std::uint64_t a = 0; a < atoms; ++a) {
    Atom& atom = claim.atoms.emplace_back();
    atom.kind = enum_at_most(in, AtomKind::rate);
    atom.key.name = in.text();
    for (std::uint64_t k = in.number(); k > 0; --k) atom.key.args.push_back(in.text());
    for (std::uint64_t k = in.number(); k > 0; --k) {
      auto& period = atom.key.periods.emplace_back();
      if (in.number() != 0) {
        period.emplace();
        period->first = in.signed_number();
        period->last = in.signed_number();
      }
    }
    atom.key.unit = in.text();
    atom.type = enum_at_most(in, ValueType::boolean);
    atom.interval.lo = decode_bound(in);
    atom.interval.hi = decode_bound(in);
    atom.polarity = in.number() != 0;
    atom.wording = in.text();
    if (in.number() != 0) atom.reading.set() = in.text();
    if (in.number() != 0) {
      Tolerance& tolerance = atom.tolerance.set();
      tolerance.center = in.rational();
      tolerance.words = in.text();
    }
    atom.rounding_center = in.maybe();
    atom.loc = loc();
  }
  if (in.number() != 0) {
    auto& related = claim.related.set();
    for (std::uint64_t k = in.number(); k > 0; --k) related.push_back(in.text());
  }
  claim.weight = static_cast<int>(in.signed_number());
  return claim;
}

ClaimSpool::~ClaimSpool() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> ClaimSpool::open(const std::string& dir) {
  dir_ = dir.empty() ? "." : dir;
  auto made = open_unlinked_temporary(dir_, ".claimcheck-claims-");
  if (auto* why = std::get_if<std::string>(&made)) return error_ = *why;
  fd_ = std::get<int>(made);
  return std::nullopt;
}

std::optional<std::uint64_t> ClaimSpool::append(std::string_view bytes) {
  constexpr std::size_t kHeldBytes = 1 << 20;  // a write a megabyte, not a few claims
  if (error_) return std::nullopt;
  std::uint64_t at = size_;
  held_.append(bytes);
  size_ += bytes.size();
  if (held_.size() >= kHeldBytes && !seal()) return std::nullopt;
  return at;
}

bool ClaimSpool::seal() {
  if (error_) return false;
  for (std::size_t written = 0; written < held_.size();) {
    ssize_t n = ::write(fd_, held_.data() + written, held_.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = "cannot write a temporary file in " + dir_ + ": " + std::strerror(errno);
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  held_.clear();
  return true;
}

std::optional<std::string> ClaimSpool::read(const std::vector<SpooledClaim>& claims, std::string& buffer,
                                            std::vector<std::string_view>& views) const {
  // Claims closer than kGap share a read, of at most kMostBytes.
  constexpr std::uint64_t kGap = 16 << 10, kMostBytes = 4 << 20;
  std::vector<std::size_t> by_offset(claims.size());
  std::iota(by_offset.begin(), by_offset.end(), std::size_t{0});
  std::sort(by_offset.begin(), by_offset.end(), [&](std::size_t a, std::size_t b) { return claims[a].offset < claims[b].offset; });
  struct Read {
    std::uint64_t from, to;
    std::size_t at;  // in buffer
  };
  std::vector<Read> reads;
  std::vector<std::size_t> read_of(claims.size());
  std::size_t total = 0;
  for (std::size_t k : by_offset) {
    const SpooledClaim& c = claims[k];
    if (reads.empty() || c.offset > reads.back().to + kGap || c.offset + c.length - reads.back().from > kMostBytes) {
      if (!reads.empty()) total += reads.back().to - reads.back().from;
      reads.push_back({c.offset, c.offset + c.length, total});
    }
    reads.back().to = std::max(reads.back().to, c.offset + c.length);
    read_of[k] = reads.size() - 1;
  }
  if (!reads.empty()) total += reads.back().to - reads.back().from;
  buffer.resize(total);
  for (const Read& r : reads) {
    for (std::uint64_t got = 0; got < r.to - r.from;) {
      ssize_t n = ::pread(fd_, buffer.data() + r.at + got, r.to - r.from - got, static_cast<off_t>(r.from + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return "cannot read a temporary file in " + dir_ + ": " + std::strerror(errno);
      if (n == 0) return "a temporary file in " + dir_ + " is shorter than written";
      got += static_cast<std::uint64_t>(n);
    }
  }
  views.clear();
  views.reserve(claims.size());
  for (std::size_t k = 0; k < claims.size(); ++k) {
    const Read& r = reads[read_of[k]];
    views.emplace_back(buffer.data() + r.at + (claims[k].offset - r.from), claims[k].length);
  }
  return std::nullopt;
}

}  // namespace claimcheck
