// check --stream's first pass: reading, normalizing (chunks side by side), recording, then
// the claims put in run order and the rules grounded over the stated keys to find the components.
#include "pipeline/corpus_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <span>

#include "model/byte_codec.hpp"
#include "model/parallel.hpp"
#include "normalize/normalize.hpp"

namespace claimcheck {

namespace {

struct RelatedRef {
  std::size_t record;
  std::string ref;
  SourceLoc loc;
};

class DisjointSets {
 public:
  void grow(std::size_t n) {
    while (parent_.size() < n) parent_.push_back(static_cast<int>(parent_.size()));
  }
  int find(int x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  std::size_t size() const { return parent_.size(); }
  void join(int a, int b) {
    a = find(a), b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<int> parent_;
};

// A claim the first pass has read and not yet normalized.
struct PendingClaim {
  std::uint32_t set_in_file = 0;
  std::uint32_t set = 0;  // the normalizer's, once its document is one of the normalizer's sets
  RawClaim raw;
};

// Claims of one file read by the first pass, for a normalizer, with the file's
// documents read since the chunk before: the normalizer's sets are made there, in file order.
struct ReadClaims {
  std::size_t number = 0;  // in reading order, from 0
  std::uint32_t file = 0;
  std::vector<PendingClaim> claims;
  std::vector<RawClaimSet> documents;
  bool file_done = false;  // every document of the file is in this chunk or one before
};

// A block of claims normalized and encoded, for the recorder (CorpusIndexer::store).
struct NormalizedClaims {
  std::uint32_t file = 0;
  std::vector<std::uint32_t> sets;  // per claim, its document as the normalizer's set
  std::vector<Claim> claims;
  std::vector<ClaimExtras> references;  // related and related_locs only
  std::vector<ByteWriter> bytes;        // the claims', kSpoolPart claims a part
  std::vector<std::size_t> ends;        // of each claim's bytes in its part's
};

// Chunks normalized side by side still make the normalizer's sets, and reach the recorder, in
// reading order: chunk k waits for its turn, does that part, and passes the turn to k + 1. A
// normalizer that fails opens every turn, so that none waits for a chunk that will not come.
class Turns {
 public:
  // False once the turns were opened by a failure.
  bool wait(std::size_t number) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || next_ == number; });
    return !failed_;
  }
  void pass() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++next_;
    changed_.notify_all();
  }
  void fail() {
    std::lock_guard<std::mutex> lock(mutex_);
    failed_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t next_ = 0;
  bool failed_ = false;
};

// The first pass's diagnostics are the indexer's own until the vocabulary's are in the run's,
// which they follow.
class CorpusIndexer {
 public:
  CorpusIndexer(const CheckRequest& request, CheckRun& run, const std::vector<std::string>& files,
                VocabularyLoad& vocabulary, ClaimSpool& spool, CorpusIndex& index)
      : request_(request), run_(run), files_(files), vocabulary_(vocabulary), spool_(spool), index_(index) {}

  bool run(const std::string& spool_dir) {
    bool indexed = index(spool_dir);
    if (!vocabulary_failed_) run_.diagnostics.append(std::move(diags_));
    return indexed;
  }

 private:
  bool index(const std::string& spool_dir) {
    if (auto error = spool_.open(spool_dir)) {
      run_.warnings.push_back(*error);
      vocabulary_.wait();
      return false;
    }
    reserve_keys();
    recorder_.emplace(request_.solve.threads > 1, 2);
    // With two threads or more, as many normalizers as threads, each taking every n-th chunk:
    // normalizing is most of the pass's work.
    std::size_t normalizers = request_.solve.threads > 1 ? request_.solve.threads : 1;
    for (std::size_t k = 0; k < normalizers; ++k)
      normalizers_.push_back(std::make_unique<SerialWorker>(request_.solve.threads > 1,
                                                            std::max<std::size_t>(1, kMostWaiting / kPendingClaims / normalizers)));
    auto go_on = [&] {
      return !vocabulary_failed_ && !recorder_->failed() &&
             std::none_of(normalizers_.begin(), normalizers_.end(), [](const auto& n) { return n->failed(); });
    };
    for (std::size_t f = 0; f < files_.size() && go_on(); ++f) {
      readers_.push_back(std::make_unique<ClaimLinesFile>(files_[f], diags_, request_.limits, request_.solve.threads));
      handed_documents_ = 0;
      ClaimLinesFile& file = *readers_.back();
      file.scan(
          [&](std::size_t set, RawClaim&& raw) {
            pending_.push_back({static_cast<std::uint32_t>(set), 0, std::move(raw)});
            if (pending_.size() >= kPendingClaims) hand_over(f, false);
          },
          go_on);
      hand_over(f, true);
    }
    readers_.clear();
    for (auto& normalizer : normalizers_) normalizer->finish();
    recorder_->finish();
    diags_.append(std::move(normalizing_diags_));
    if (vocabulary_failed_) return false;
    if (!spool_.seal()) {
      run_.warnings.push_back(*spool_.error());
      return false;
    }
    if (diags_.has_errors()) return true;
    order_claims();
    check_references();
    if (diags_.has_errors()) return true;
    // Proxies add variables as they go; the sets grow first, as claims' keys did.
    std::size_t variables = ground_keys(std::move(keys_), index_.documents, run_.vocabulary, index_.rules,
                                        request_.solve.threads, [&](const std::vector<int>& vars) {
                                          for (int v : vars) components_.grow(static_cast<std::size_t>(v) + 1);
                                          for (std::size_t i = 1; i < vars.size(); ++i) components_.join(vars[0], vars[i]);
                                        });
    components_.grow(variables);
    group_components();
    return true;
  }

  // The recorder interns every key, and is the busiest of the pass's threads; growing the key
  // table a doubling at a time moved it onto fresh pages each time. Room for a key every
  // kBytesPerKey bytes of the corpus is reserved first: untouched, it is only address space.
  void reserve_keys() {
    std::uintmax_t bytes = 0;
    for (const auto& file : files_) {
      std::error_code error;
      auto size = std::filesystem::file_size(file, error);
      if (!error) bytes += size;
    }
    keys_.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(bytes / kBytesPerKey, kMostKeysReserved)));
  }

  // The claims read so far, and the file's documents read since the last hand-over, to the next
  // normalizer in turn; claims wait there while the vocabulary is read (up to kMostWaiting of
  // them in all), which blocks reading no more than that.
  void hand_over(std::size_t f, bool file_done) {
    auto chunk = std::make_shared<ReadClaims>();
    chunk->file = static_cast<std::uint32_t>(f);
    chunk->claims = std::move(pending_);
    pending_.clear();
    const auto& documents = readers_[f]->documents();
    chunk->documents.assign(documents.begin() + static_cast<std::ptrdiff_t>(handed_documents_), documents.end());
    handed_documents_ = documents.size();
    chunk->file_done = file_done;
    chunk->number = chunks_handed_++;
    normalizers_[chunk->number % normalizers_.size()]->post([this, chunk] { normalize(*chunk); });
  }

  // Waits for the vocabulary; false when it has errors.
  bool start_normalizing() {
    if (!vocabulary_.wait()) {
      vocabulary_failed_ = true;
      return false;
    }
    index_.rules = vocabulary_.take_rules();
    normalizer_.emplace(run_.vocabulary, setup_diags_, request_.weights, request_.limits);
    // Reading ahead of normalizing only holds claims longer now.
    for (auto& normalizer : normalizers_) normalizer->set_most_waiting(kReadAhead);
    return true;
  }

  // File `f`'s documents up to its set `set`, in file order, as the normalizer's sets.
  void add_sets_up_to(std::size_t f, std::size_t set, Diagnostics& diags) {
    auto& numbers = sets_of_file_[f];
    const auto& documents = documents_of_file_[f];
    while (numbers.size() <= set) {
      auto added = normalizer_->add_set(documents[numbers.size()], diags);
      numbers.push_back(added ? static_cast<int>(*added) : -1);
      if (added) index_.documents.push_back(normalizer_->document(*added));
    }
  }

  // A normalizer, on a thread of its own with two threads or more. Its chunk's documents become
  // the normalizer's sets in file order, each before its first claim, in the chunk's turn; the
  // claims are normalized and encoded beside the other normalizers' chunks, with diagnostics of
  // their own; then, in turn again, the diagnostics are kept and the claims
  // handed to the recorder. A claim is spooled without its references: they were checked
  // against the whole corpus, and a batch holds only some of their targets (prepare() gives
  // each claim its own). The chunks of a corpus whose vocabulary has errors are dropped.
  void normalize(ReadClaims& chunk) {
    try {
      Diagnostics set_diags;
      std::vector<ClaimNormalizer::SetRef> sets;  // per claim kept
      bool ready = set_turns_.wait(chunk.number);
      if (ready) {
        ready = make_sets(chunk, sets, set_diags);
        set_turns_.pass();
      }
      if (!ready) {
        if (post_turns_.wait(chunk.number)) post_turns_.pass();
        return;
      }
      std::vector<PendingClaim>& pending = chunk.claims;
      auto block = std::make_shared<NormalizedClaims>();
      block->file = chunk.file;
      block->claims.resize(pending.size());
      block->references.resize(pending.size());
      Diagnostics claim_diags;
      block->bytes.resize((pending.size() + kSpoolPart - 1) / kSpoolPart);
      block->ends.resize(pending.size());
      for (std::size_t b = 0; b < block->bytes.size(); ++b) {
        for (std::size_t k = b * kSpoolPart; k < std::min(pending.size(), (b + 1) * kSpoolPart); ++k) {
          Claim& claim = block->claims[k];
          claim = normalizer_->claim(sets[k], std::move(pending[k].raw), claim_diags);
          if (claim.raw.extras) {
            ClaimExtras& extras = claim.raw.extras.set();
            block->references[k].related = std::move(extras.related);
            block->references[k].related_locs = std::move(extras.related_locs);
            extras.related.clear();
            extras.related_locs.clear();
          }
          encode_claim(claim, block->bytes[b]);
          block->ends[k] = block->bytes[b].bytes.size();
        }
      }
      block->sets.reserve(pending.size());
      for (const PendingClaim& p : pending) block->sets.push_back(p.set);
      if (!post_turns_.wait(chunk.number)) return;
      normalizing_diags_.append(std::move(set_diags));
      normalizing_diags_.append(std::move(claim_diags));
      recorder_->post([this, block] { store(*block); });
      post_turns_.pass();
    } catch (...) {
      set_turns_.fail();
      post_turns_.fail();
      throw;
    }
  }

  // In the chunk's turn: its documents as the normalizer's sets, and each claim's set; the claims
  // of a document whose id was taken are dropped (that is an error already). False when the
  // vocabulary has errors.
  bool make_sets(ReadClaims& chunk, std::vector<ClaimNormalizer::SetRef>& sets, Diagnostics& diags) {
    if (vocabulary_failed_) return false;
    if (!normalizer_) {
      if (!start_normalizing()) return false;
      diags.append(std::move(setup_diags_));
    }
    if (sets_of_file_.size() <= chunk.file) {
      sets_of_file_.resize(chunk.file + 1);
      documents_of_file_.resize(chunk.file + 1);
    }
    auto& documents = documents_of_file_[chunk.file];
    documents.insert(documents.end(), std::make_move_iterator(chunk.documents.begin()),
                     std::make_move_iterator(chunk.documents.end()));
    std::vector<PendingClaim>& pending = chunk.claims;
    std::size_t kept = 0;
    for (PendingClaim& p : pending) {
      add_sets_up_to(chunk.file, p.set_in_file, diags);
      int number = sets_of_file_[chunk.file][p.set_in_file];
      if (number < 0) continue;
      p.set = static_cast<std::uint32_t>(number);
      sets.push_back(normalizer_->set(p.set));
      if (&p != &pending[kept]) pending[kept] = std::move(p);
      ++kept;
    }
    pending.resize(kept);
    if (chunk.file_done && !documents.empty()) add_sets_up_to(chunk.file, documents.size() - 1, diags);
    return true;
  }

  // A block's claims spooled, their keys interned, and each claim's record kept: serial, and on
  // the recorder's thread (with two threads or more) while the next block is read and normalized.
  void store(NormalizedClaims& block) {
    std::size_t n = block.claims.size();
    std::vector<SpooledClaim> spooled(n);
    for (std::size_t b = 0; b < block.bytes.size(); ++b) {
      std::optional<std::uint64_t> at = spool_.append(block.bytes[b].bytes);
      for (std::size_t k = b * kSpoolPart, begin = 0; at && k < std::min(n, (b + 1) * kSpoolPart); begin = block.ends[k++])
        spooled[k] = {*at + begin, static_cast<std::uint32_t>(block.ends[k] - begin)};
    }
    std::vector<ByteWriter>().swap(block.bytes);
    std::vector<int> vars = keys_.intern(block.claims, 1);
    components_.grow(keys_.size());
    for (std::size_t k = 0, at = 0; k < n; at += block.claims[k].atoms.size(), ++k)
      record(block.file, block.sets[k], block.claims[k].raw, block.references[k], spooled[k],
             {vars.data() + at, block.claims[k].atoms.size()});
  }

  // `vars` are the claim's atoms' variables.
  void record(std::uint32_t file, std::uint32_t set, const RawClaim& raw, const ClaimExtras& references,
              SpooledClaim spooled, std::span<const int> vars) {
    ClaimRecord r{raw.id, file, set, spooled, raw.loc.line, raw.loc.col, -1};
    for (int var : vars) {
      if (r.first_var < 0) r.first_var = var;
      else components_.join(r.first_var, var);
    }
    if (!references.related.empty()) {
      index_.related_of[index_.records.size()] = index_.related_refs.size();
      index_.related_refs.push_back(references.related);
      for (std::size_t i = 0; i < references.related.size(); ++i)
        related_.push_back({index_.records.size(), references.related[i], references.related_locs[i]});
    }
    index_.records.push_back(std::move(r));
  }

  // Run order is document id, then claim id (as normalize sorts); a claim id twice in a
  // document shows up as neighbours.
  void order_claims() {
    std::vector<std::uint32_t> rank(index_.documents.size());
    std::vector<std::uint32_t> by_id(index_.documents.size());
    std::iota(by_id.begin(), by_id.end(), 0);
    std::sort(by_id.begin(), by_id.end(), [&](auto a, auto b) { return index_.documents[a].id < index_.documents[b].id; });
    for (std::size_t k = 0; k < by_id.size(); ++k) rank[by_id[k]] = static_cast<std::uint32_t>(k);
    auto& recs = index_.records;
    index_.order.resize(recs.size());
    std::iota(index_.order.begin(), index_.order.end(), 0);
    auto before = [&](std::uint32_t a, std::uint32_t b) {
      return std::tie(rank[recs[a].document], recs[a].id, a) < std::tie(rank[recs[b].document], recs[b].id, b);
    };
    // Each half sorted on a thread of its own, then merged: the order is total (ties broken by
    // position), so the result does not depend on the split. Sorting a million records by
    // document and id took 0.18 s on one thread, with the other core idle.
    auto middle = index_.order.begin() + static_cast<std::ptrdiff_t>(index_.order.size() / 2);
    for_each_index(2, request_.solve.threads, [&](std::size_t half) {
      if (half == 0) std::sort(index_.order.begin(), middle, before);
      else std::sort(middle, index_.order.end(), before);
    });
    std::inplace_merge(index_.order.begin(), middle, index_.order.end(), before);
    for (std::size_t k = 1; k < index_.order.size(); ++k) {
      const ClaimRecord& first = recs[index_.order[k - 1]];
      const ClaimRecord& again = recs[index_.order[k]];
      if (first.document == again.document && first.id == again.id)
        diags_.error({files_[again.file], again.line, again.col},
                     fmt::format("duplicate claim id '{}' in document '{}' (first at line {})", again.id,
                                 index_.documents[again.document].id, first.line));
    }
  }

  // The range of run order holding a document's claims.
  std::pair<std::size_t, std::size_t> claims_of_document(const std::string& document) const {
    auto& recs = index_.records;
    auto lo = std::partition_point(index_.order.begin(), index_.order.end(),
                                   [&](std::uint32_t r) { return index_.documents[recs[r].document].id < document; });
    auto hi = std::partition_point(lo, index_.order.end(),
                                   [&](std::uint32_t r) { return index_.documents[recs[r].document].id == document; });
    return {static_cast<std::size_t>(lo - index_.order.begin()), static_cast<std::size_t>(hi - index_.order.begin())};
  }

  void check_references() {
    std::vector<std::string> document_ids;
    for (const auto& d : index_.documents) document_ids.push_back(d.id);
    std::sort(document_ids.begin(), document_ids.end());
    auto& recs = index_.records;
    auto ids_of = [&](const std::string& document) {
      auto [lo, hi] = claims_of_document(document);
      std::vector<std::string> ids;
      for (std::size_t k = lo; k < hi; ++k) ids.push_back(recs[index_.order[k]].id);
      return ids;
    };
    auto exists = [&](const std::string& qualified) {
      auto slash = qualified.find('/');
      auto [lo, hi] = claims_of_document(qualified.substr(0, slash));
      std::string id = qualified.substr(slash + 1);
      auto at = std::partition_point(index_.order.begin() + static_cast<std::ptrdiff_t>(lo),
                                     index_.order.begin() + static_cast<std::ptrdiff_t>(hi),
                                     [&](std::uint32_t r) { return recs[r].id < id; });
      return at != index_.order.begin() + static_cast<std::ptrdiff_t>(hi) && recs[*at].id == id;
    };
    for (const RelatedRef& ref : related_) {
      const ClaimRecord& from = recs[ref.record];
      const std::string& own = index_.documents[from.document].id;
      auto qualified = resolve_claim_ref(ref.ref, own, ref.loc, "related", document_ids, exists, ids_of, diags_);
      if (qualified && *qualified == own + "/" + from.id)
        diags_.error(ref.loc, fmt::format("claim '{}' lists itself as related", ref.ref));
    }
    std::vector<RelatedRef>().swap(related_);
  }

  // Components numbered by their first claim in run order, as partition() numbers them.
  void group_components() {
    auto& recs = index_.records;
    std::size_t n = index_.order.size();
    std::vector<std::uint32_t> component_of(n);
    constexpr std::uint32_t kUnnumbered = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> number_of_root(components_.size(), kUnnumbered);  // by root variable
    std::uint32_t count = 0;
    for (std::size_t k = 0; k < n; ++k) {
      int var = recs[index_.order[k]].first_var;
      if (var < 0) {
        component_of[k] = count++;
        continue;
      }
      std::uint32_t& number = number_of_root[static_cast<std::size_t>(components_.find(var))];
      if (number == kUnnumbered) number = count++;
      component_of[k] = number;
    }
    index_.component_start.assign(count + 1, 0);
    for (std::size_t k = 0; k < n; ++k) ++index_.component_start[component_of[k] + 1];
    std::partial_sum(index_.component_start.begin(), index_.component_start.end(), index_.component_start.begin());
    index_.members.resize(n);
    std::vector<std::uint32_t> next(index_.component_start.begin(), index_.component_start.end() - 1);
    for (std::size_t k = 0; k < n; ++k) index_.members[next[component_of[k]]++] = static_cast<std::uint32_t>(k);
  }

  const CheckRequest& request_;
  CheckRun& run_;
  Diagnostics diags_;
  const std::vector<std::string>& files_;
  VocabularyLoad& vocabulary_;
  std::atomic<bool> vocabulary_failed_{false};
  std::vector<std::unique_ptr<ClaimLinesFile>> readers_;
  ClaimSpool& spool_;
  std::optional<ClaimNormalizer> normalizer_;  // once the vocabulary is read
  CorpusIndex& index_;
  std::vector<RelatedRef> related_;
  StatedKeys keys_;  // the keys stated, in the order first stated
  static constexpr std::size_t kPendingClaims = 4096;
  static constexpr std::size_t kSpoolPart = 256;  // claims spooled in one piece
  static constexpr std::size_t kReadAhead = 2;  // chunks a normalizer holds, once the vocabulary is in
  static constexpr std::size_t kMostWaiting = 1 << 18;  // claims read while the vocabulary is
  static constexpr std::uintmax_t kBytesPerKey = 128, kMostKeysReserved = std::uintmax_t{1} << 22;
  std::vector<PendingClaim> pending_;  // read, not yet handed over
  std::size_t handed_documents_ = 0;   // of the file being read
  std::size_t chunks_handed_ = 0;
  // Made in the chunks' turns: the documents handed over, per file, and each one's normalizer
  // set number (-1: its id was taken).
  std::vector<std::vector<RawClaimSet>> documents_of_file_;
  std::vector<std::vector<int>> sets_of_file_;
  Diagnostics setup_diags_;        // the normalizer's own, as it is made
  Diagnostics normalizing_diags_;  // the chunks', kept in turn
  Turns set_turns_, post_turns_;
  DisjointSets components_;  // over variables
  // Storing normalized chunks in order (two waiting at most), and normalizing them, each on a
  // thread of its own. Declared last, so that they stop before what their tasks touch is gone;
  // the normalizers first, since they post to the recorder.
  std::optional<SerialWorker> recorder_;
  std::vector<std::unique_ptr<SerialWorker>> normalizers_;
};

}  // namespace

bool index_corpus(const CheckRequest& request, CheckRun& run, const std::vector<std::string>& files,
                  VocabularyLoad& vocabulary, ClaimSpool& spool, const std::string& spool_dir, CorpusIndex& index) {
  return CorpusIndexer(request, run, files, vocabulary, spool, index).run(spool_dir);
}

}  // namespace claimcheck
