// JSON Lines corpora: one record a line, {"document": {...}} or {"claim": {...}}, the fields of
// YAML claim sets. Lines are read in blocks: each line of a block is parsed on its own, on up to
// `threads` threads (claim_lines_record.*), then the block is settled in line order, so records,
// errors and their order do not depend on the thread count.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "load/claim_fields.hpp"
#include "load/claim_lines_record.hpp"
#include "load/loaders.hpp"
#include "model/open_addressing.hpp"
#include "model/parallel.hpp"

namespace claimcheck {

namespace {

// Settles parsed lines in order: documents are declared before their claims, ids are unique
// within a document, and quotes are found in a document's source text.
class CorpusReader {
 public:
  CorpusReader(const std::string& path, Diagnostics& diags, const InputLimits& limits, unsigned threads)
      : path_(path), diags_(diags), limits_(limits), threads_(std::max(1u, threads)) {
    parsers_.emplace_back(path, limits);
    if (!parsers_.front().allocated()) diags_.error({path, 0, 0}, "cannot allocate the JSON parser");
  }

  // Lines parsed side by side, then settled in order; `texts[k]` is line `numbers[k]`, which
  // starts at `offsets[k]`, or a line too long to parse when `too_long[k]`.
  void block(const std::vector<int>& numbers, const std::vector<std::uint64_t>& offsets,
             const std::vector<std::string_view>& texts, const std::vector<bool>& too_long) {
    std::size_t n = numbers.size();
    parsed_.resize(n);
    std::size_t parts = std::min<std::size_t>(threads_, n);
    while (parsers_.size() < parts) parsers_.emplace_back(path_, limits_);
    for_each_index(parts, threads_, [&](std::size_t p) {
      for (std::size_t k = n * p / parts; k < n * (p + 1) / parts; ++k)
        parsed_[k] = too_long[k] ? too_long_line(path_, numbers[k], offsets[k], limits_)
                                 : parsers_[p].parse(numbers[k], offsets[k], texts[k]);
    });
    for (std::size_t k = 0; k < n; ++k) settle(std::move(parsed_[k]));
  }

  // Each set's claims, moved from the chunks into a vector of their exact number, the sets
  // shared out over the threads.
  std::vector<RawClaimSet> take() {
    for_each_index(sets_.size(), threads_, [&](std::size_t s) {
      auto& claims = sets_[s].claims;
      reserve_prefaulted(claims, claims.size() + kept_of_[s].size(), threads_);
      for (std::size_t at : kept_of_[s]) claims.push_back(std::move(kept(at)));
      std::vector<std::size_t>().swap(kept_of_[s]);
    });
    std::vector<std::vector<RawClaim>>().swap(chunks_);
    return std::move(sets_);
  }

  // Claims go to `sink` instead of their sets, and duplicate ids are left to the caller, who
  // can find them after sorting without a map of every id.
  void stream_to(ClaimLinesFile::ClaimSink sink) { sink_ = std::move(sink); }
  const std::vector<RawClaimSet>& sets() const { return sets_; }

 private:
  void settle(ParsedLine&& line) {
    if (line.kind == ParsedLine::Kind::claim) {
      claim(std::move(line));
      return;
    }
    report(line, std::nullopt);
    if (line.kind == ParsedLine::Kind::document) document(std::move(*line.set));
  }

  // The line's own errors, with the unknown-document error in its place among them.
  void report(const ParsedLine& line, std::optional<std::string> unknown_document) {
    const auto& errors = line.errors.errors();
    for (std::size_t k = 0; k <= errors.size(); ++k) {
      if (k == line.document_error_at && unknown_document) diags_.error(line.document_loc, std::move(*unknown_document));
      if (k < errors.size()) diags_.error(errors[k].loc, errors[k].message);
    }
  }

  void document(RawClaimSet&& set) {
    if (auto [it, fresh] = documents_.emplace(set.document.id, sets_.size()); !fresh) {
      diags_.error(set.document.loc, fmt::format("duplicate document '{}' (first at line {})", set.document.id,
                                                 sets_[it->second].document.loc.line));
      return;
    }
    if (!set.document.source.empty()) {
      if (auto text = read_source_text(path_, set.document.source, set.source_loc, diags_)) sources_[sets_.size()] = std::move(*text);
    }
    sets_.push_back(std::move(set));
    kept_of_.emplace_back();
    claim_ids_.emplace_back();
  }

  void claim(ParsedLine&& line) {
    RawClaim& c = line.claim;
    std::optional<std::size_t> set_index;
    std::optional<std::string> unknown;
    if (auto found = documents_.find(c.document); found != documents_.end()) set_index = found->second;
    else if (line.document_read)
      unknown = fmt::format("unknown document '{}'; a {{\"document\": ...}} record declares it, on a line before its claims",
                            c.document);
    report(line, std::move(unknown));
    if (!set_index || line.errors.has_errors()) return;
    const RawClaimSet& set = sets_[*set_index];
    if (auto source = sources_.find(*set_index); source != sources_.end() && line.quote_loc && !c.quote.empty())
      if (auto error = place_quote(source->second, set.document.source, c)) diags_.error(*line.quote_loc, *error);
    if (sink_) {
      sink_(*set_index, std::move(c));
      return;
    }
    if (auto first = first_line_of(*set_index, c.id)) {
      diags_.error(c.loc, fmt::format("duplicate claim id '{}' in document '{}' (first at line {})", c.id, c.document, *first));
      return;
    }
    if (chunks_.empty() || chunks_.back().size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    auto& claims = kept_of_[*set_index];
    claims.push_back(kept_count_++);
    chunks_.back().push_back(std::move(c));
    auto& hashed = claim_ids_[*set_index];
    if (claims.size() == kScannedIds)
      for (std::size_t k = 0; k < claims.size(); ++k) add_id(hashed, claims[k], k + 1);
    else if (claims.size() > kScannedIds)
      add_id(hashed, claims.back(), claims.size());
  }

  // A set's kept claims by id, in an open-addressing table of their positions in the chunks (a
  // map copied each id into a node of its own: a million allocations on the settling thread).
  // Slots hold a position + 1, or 0; a power of two long, at most half full.
  using IdTable = std::vector<std::size_t>;
  std::size_t id_slot(const IdTable& table, const std::string& id) const {
    return probe(table, std::hash<std::string>{}(id), [](std::size_t entry) { return entry == 0; },
                 [&](std::size_t entry) { return kept(entry - 1).id == id; });
  }
  // `count`: the ids in the table once this one is added.
  void add_id(IdTable& table, std::size_t at, std::size_t count) {
    if (2 * count > table.size()) {
      IdTable grown(slots_for(count), 0);
      for (std::size_t entry : table)
        if (entry) grown[id_slot(grown, kept(entry - 1).id)] = entry;
      table.swap(grown);
    }
    table[id_slot(table, kept(at).id)] = at + 1;
  }

  RawClaim& kept(std::size_t at) { return chunks_[at / kChunk][at % kChunk]; }
  const RawClaim& kept(std::size_t at) const { return chunks_[at / kChunk][at % kChunk]; }

  // Most documents hold a few claims, whose ids are quicker to compare than to hash; once a
  // document holds kScannedIds claims, its ids are hashed.
  static constexpr std::size_t kScannedIds = 32;
  std::optional<int> first_line_of(std::size_t set, const std::string& id) const {
    const auto& claims = kept_of_[set];
    if (claims.size() < kScannedIds) {
      for (std::size_t at : claims)
        if (kept(at).id == id) return kept(at).loc.line;
      return std::nullopt;
    }
    const IdTable& hashed = claim_ids_[set];
    std::size_t entry = hashed[id_slot(hashed, id)];
    return entry == 0 ? std::nullopt : std::optional<int>(kept(entry - 1).loc.line);
  }

  std::string path_;
  Diagnostics& diags_;
  InputLimits limits_;
  unsigned threads_;
  std::vector<RecordParser> parsers_;  // one for each share of a block
  std::vector<ParsedLine> parsed_;     // the block's lines; kept, so its memory is reused
  // Claims in line order, in chunks that never move, until take() gives each set its own: a
  // document's claims come scattered through a corpus, and growing each document's vector as
  // they came moved every claim about twice, on the one thread that settles lines.
  static constexpr std::size_t kChunk = 4096;
  std::vector<std::vector<RawClaim>> chunks_;
  std::size_t kept_count_ = 0;
  std::vector<std::vector<std::size_t>> kept_of_;  // for each set: its claims' places in the chunks
  std::vector<RawClaimSet> sets_;
  std::unordered_map<std::string, std::size_t> documents_;
  std::unordered_map<std::size_t, std::string> sources_;
  std::vector<IdTable> claim_ids_;  // for each set, once it holds kScannedIds claims
  ClaimLinesFile::ClaimSink sink_;
};

// Splits text into lines and hands them to the reader a block at a time; a line longer than
// the file-size limit is an error and is not parsed.
class LineSplitter {
 public:
  LineSplitter(CorpusReader& reader, const InputLimits& limits) : reader_(reader), limits_(limits) {}

  void feed(std::string_view chunk) {
    while (!chunk.empty()) {
      std::size_t end = chunk.find('\n');
      consumed_ += end == std::string_view::npos ? chunk.size() : end + 1;
      std::string_view piece = chunk.substr(0, end);
      if (!too_long_) {
        if (pending_ + piece.size() > limits_.max_file_bytes) {
          too_long_ = true;
          text_.resize(text_.size() - pending_);
          pending_ = 0;
        } else {
          text_.append(piece);
          pending_ += piece.size();
        }
      }
      if (end == std::string_view::npos) return;
      finish_line();
      chunk.remove_prefix(end + 1);
    }
  }
  void finish() {
    if (pending_ > 0 || too_long_) finish_line();
    flush();
  }

 private:
  // Enough lines for the threads to share, few enough that a block's records stay small.
  static constexpr std::size_t kBlockLines = 4096;
  static constexpr std::size_t kBlockBytes = 16 << 20;

  void finish_line() {
    if (!too_long_ && pending_ > 0 && text_.back() == '\r') {
      text_.pop_back();
      --pending_;
    }
    numbers_.push_back(++line_);
    offsets_.push_back(line_start_);
    lengths_.push_back(pending_);
    too_long_flags_.push_back(too_long_);
    pending_ = 0;
    too_long_ = false;
    line_start_ = consumed_;
    if (numbers_.size() >= kBlockLines || text_.size() >= kBlockBytes) flush();
  }

  void flush() {
    if (numbers_.empty()) return;
    std::vector<std::string_view> texts;
    texts.reserve(lengths_.size());
    std::size_t at = 0;
    for (std::size_t length : lengths_) {
      texts.emplace_back(text_.data() + at, length);
      at += length;
    }
    reader_.block(numbers_, offsets_, texts, too_long_flags_);
    numbers_.clear();
    offsets_.clear();
    lengths_.clear();
    too_long_flags_.clear();
    text_.clear();
  }

  CorpusReader& reader_;
  InputLimits limits_;
  std::string text_;           // the block's lines, one after another
  std::size_t pending_ = 0;    // bytes of the line being gathered, at the end of text_
  bool too_long_ = false;
  int line_ = 0;
  std::uint64_t consumed_ = 0;    // bytes fed so far
  std::uint64_t line_start_ = 0;  // where the line being gathered starts
  std::vector<int> numbers_;
  std::vector<std::uint64_t> offsets_;
  std::vector<std::size_t> lengths_;
  std::vector<bool> too_long_flags_;
};

}  // namespace

// Feeds the whole file to `lines`; false (with an error) when it cannot be read.
static bool feed_file(const std::string& path, LineSplitter& lines, Diagnostics& diags,
                      const std::function<bool()>& go_on = [] { return true; }) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    diags.error({path, 0, 0}, "cannot read the file");
    return false;
  }
  diags.add_source_on_disk(path);
  std::vector<char> block(1 << 20);
  while (go_on())
    if (std::size_t n = std::fread(block.data(), 1, block.size(), file)) lines.feed({block.data(), n});
    else break;
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed) diags.error({path, 0, 0}, "cannot read the file to its end");
  lines.finish();
  return !failed;
}

std::vector<RawClaimSet> load_claim_lines(const std::string& path, Diagnostics& diags, const InputLimits& limits,
                                          unsigned threads) {
  CorpusReader reader(path, diags, limits, threads);
  LineSplitter lines(reader, limits);
  feed_file(path, lines, diags);
  return reader.take();
}

struct ClaimLinesFile::Reader {
  Reader(const std::string& path, Diagnostics& diags, const InputLimits& limits, unsigned threads)
      : corpus(path, diags, limits, threads), lines(corpus, limits) {}
  CorpusReader corpus;
  LineSplitter lines;
};

ClaimLinesFile::ClaimLinesFile(std::string path, Diagnostics& diags, const InputLimits& limits, unsigned threads)
    : path_(std::move(path)),
      diags_(diags),
      limits_(limits),
      reader_(std::make_unique<Reader>(path_, diags, limits, threads)) {}

ClaimLinesFile::~ClaimLinesFile() = default;

bool ClaimLinesFile::scan(const ClaimSink& sink, const std::function<bool()>& go_on) {
  reader_->corpus.stream_to(sink);
  return feed_file(path_, reader_->lines, diags_, go_on);
}

const std::vector<RawClaimSet>& ClaimLinesFile::documents() const { return reader_->corpus.sets(); }

std::vector<RawClaimSet> parse_claim_lines(const std::string& path, std::string_view text, Diagnostics& diags,
                                           const InputLimits& limits, unsigned threads) {
  diags.add_source(path, std::string(text));
  CorpusReader reader(path, diags, limits, threads);
  LineSplitter lines(reader, limits);
  lines.feed(text);
  lines.finish();
  return reader.take();
}

}  // namespace claimcheck
