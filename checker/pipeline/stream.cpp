// check --stream: the run of pipeline.cpp over a corpus it never holds, in two passes (see
// pipeline.hpp). What the first pass keeps in memory is a few dozen bytes a claim and a key
// table, and it spools each normalized claim to disk; the second holds one batch of whole
// components at a time.
#include <fmt/format.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <numeric>
#include <span>
#include <unordered_map>

#include "explain/explain.hpp"
#include "ground/ground.hpp"
#include "load/loaders.hpp"
#include "model/parallel.hpp"
#include "normalize/normalize.hpp"
#include "partition/partition.hpp"
#include "pipeline/claim_spool.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/stage_clock.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

namespace {

// Where a claim is, and what joins it to others; all the first pass keeps of it in memory.
struct ClaimRecord {
  std::string id;
  std::uint32_t file = 0;
  std::uint32_t document = 0;  // the normalizer's set number
  SpooledClaim spooled;        // the claim, normalized
  int line = 0, col = 0;
  int first_var = -1;          // -1: it states no key
};

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

// Claims of one file read by the first pass, for the normalizing stage, with the file's
// documents read since the chunk before: the normalizer's sets are made there, in file order.
struct ReadClaims {
  std::uint32_t file = 0;
  std::vector<PendingClaim> claims;
  std::vector<RawClaimSet> documents;
  bool file_done = false;  // every document of the file is in this chunk or one before
};

// A block of claims normalized and encoded, for the recorder (Streamer::store).
struct NormalizedClaims {
  std::uint32_t file = 0;
  std::vector<std::uint32_t> sets;  // per claim, its document as the normalizer's set
  std::vector<Claim> claims;
  std::vector<ClaimExtras> references;  // related and related_locs only
  std::vector<ByteWriter> bytes;        // the claims', kSpoolPart claims a part
  std::vector<std::size_t> ends;        // of each claim's bytes in its part's
};

// The vocabulary and the rules, read on a thread of their own beside the first pass (with two
// threads or more): reading the corpus needs neither, only normalizing does. Their errors go to
// the run's diagnostics, which nothing else touches until wait().
class VocabularyLoad {
 public:
  VocabularyLoad(const CheckRequest& request, CheckRun& run) : run_(run) {
    auto load = [&request, &run, this] {
      run.vocabulary = load_vocabulary(request.rules_dir, run.diagnostics, request.limits);
      rules_ = parse_rules(run.vocabulary, run.diagnostics);
    };
    if (request.solve.threads > 1) loading_ = std::async(std::launch::async, load);
    else load();
  }
  ~VocabularyLoad() {
    if (loading_.valid()) loading_.wait();
  }
  // True when the vocabulary and the rules have no errors.
  bool wait() {
    if (loading_.valid()) loading_.get();
    return !run_.diagnostics.has_errors();
  }
  std::vector<ParsedRule> take_rules() { return std::move(rules_); }

 private:
  CheckRun& run_;
  std::vector<ParsedRule> rules_;
  std::future<void> loading_;
};

// The first pass's findings: the claims in run order, grouped into components.
struct CorpusIndex {
  std::vector<ClaimRecord> records;             // in file order
  std::vector<std::uint32_t> order;             // run-wide claim index -> record
  std::vector<std::uint32_t> component_start;   // components in run order, as ranges of `members`
  std::vector<std::uint32_t> members;           // run-wide claim indices, ascending in each component
  std::vector<std::vector<int>> sets_of_file;   // per file, per set in it: the normalizer's set number
  std::vector<std::vector<std::string>> related_refs;  // per record with references: as written
  std::unordered_map<std::size_t, std::size_t> related_of;  // record -> index into related_refs
};

class Streamer {
 public:
  // The first pass's diagnostics are the streamer's own until the vocabulary's are in the run's,
  // which they follow.
  Streamer(const CheckRequest& request, CheckRun& run, std::vector<std::string> files, VocabularyLoad& vocabulary)
      : request_(request), run_(run), files_(std::move(files)), vocabulary_(vocabulary) {}

  // False when the run stops here: the vocabulary or the rules have errors (the corpus is then
  // left unread, its diagnostics dropped), or the spool cannot be made or written (a warning).
  bool index(const std::string& spool_dir) {
    bool indexed = index_corpus(spool_dir);
    if (!vocabulary_failed_) run_.diagnostics.append(std::move(diags_));
    return indexed;
  }

 private:
  bool index_corpus(const std::string& spool_dir) {
    if (auto error = spool_.open(spool_dir)) {
      run_.warnings.push_back(*error);
      vocabulary_.wait();
      return false;
    }
    recorder_.emplace(request_.solve.threads > 1, 2);
    normalizing_.emplace(request_.solve.threads > 1, kMostWaiting / kPendingClaims);
    auto go_on = [&] { return !vocabulary_failed_ && !normalizing_->failed() && !recorder_->failed(); };
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
    normalizing_->finish();
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
    std::size_t variables = ground_keys(std::move(keys_), documents_, run_.vocabulary, rules_, request_.solve.threads, [&](const std::vector<int>& vars) {
      for (int v : vars) components_.grow(static_cast<std::size_t>(v) + 1);
      for (std::size_t i = 1; i < vars.size(); ++i) components_.join(vars[0], vars[i]);
    });
    components_.grow(variables);
    group_components();
    return true;
  }

 public:
  // Every document, sorted by id, as the report lists them.
  std::vector<Document> sorted_documents() const {
    std::vector<Document> sorted = documents_;
    std::sort(sorted.begin(), sorted.end(), [](const Document& a, const Document& b) { return a.id < b.id; });
    return sorted;
  }

  // Batches run two at a time (each with half the solve threads), since every stage but solve is
  // single-threaded; they go to the sink in order, and a lane waits rather than start a batch
  // more than one ahead of those in flight, so at most three batches are held.
  void solve_batches(std::size_t batch_claims, const BatchSink& sink) {
    relations_ = entity_relations(run_.vocabulary);
    std::size_t components = index_.component_start.size() - 1;
    run_.streamed.components = components;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (std::size_t first = 0; first < components;) {
      std::size_t last = first;
      std::size_t claims = 0;
      while (last < components && (claims == 0 || claims < batch_claims)) {
        claims += index_.component_start[last + 1] - index_.component_start[last];
        ++last;
      }
      ranges.emplace_back(first, last);
      first = last;
    }
    unsigned lanes = std::max(1u, std::min<unsigned>(request_.solve.threads, static_cast<unsigned>(ranges.size())));
    lanes = std::min(lanes, 2u);
    unsigned solve_threads = std::max(1u, request_.solve.threads / lanes);
    std::vector<std::optional<Batch>> done(ranges.size());
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0, delivered = 0;
    bool stop = false;
    std::exception_ptr failure;
    auto lane = [&]() {
      while (true) {
        std::size_t k;
        {
          std::unique_lock<std::mutex> lock(mutex);
          changed.wait(lock, [&] { return stop || next >= ranges.size() || next < delivered + lanes + 1; });
          if (stop || next >= ranges.size()) return;
          k = next++;
        }
        Batch batch;
        try {
          batch = prepare(ranges[k].first, ranges[k].second, solve_threads);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!failure) failure = std::current_exception();
          stop = true;
          changed.notify_all();
          return;
        }
        std::lock_guard<std::mutex> lock(mutex);
        done[k] = std::move(batch);
        changed.notify_all();
      }
    };
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < lanes; ++i) threads.emplace_back(lane);
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return stop || done[k].has_value(); });
      if (stop) break;
      Batch batch = std::move(*done[k]);
      done[k].reset();
      lock.unlock();
      bool go_on = deliver(batch, static_cast<int>(ranges[k].first + 1), sink);
      lock.lock();
      delivered = k + 1;
      if (!go_on) stop = true;
      changed.notify_all();
      if (stop) break;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
      changed.notify_all();
    }
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  }

 private:
  // The claims read so far, and the file's documents read since the last hand-over, to the
  // normalizing stage; claims wait there while the vocabulary is read (up to kMostWaiting of
  // them), which blocks reading no more than that.
  void hand_over(std::size_t f, bool file_done) {
    auto chunk = std::make_shared<ReadClaims>();
    chunk->file = static_cast<std::uint32_t>(f);
    chunk->claims = std::move(pending_);
    pending_.clear();
    const auto& documents = readers_[f]->documents();
    chunk->documents.assign(documents.begin() + static_cast<std::ptrdiff_t>(handed_documents_), documents.end());
    handed_documents_ = documents.size();
    chunk->file_done = file_done;
    normalizing_->post([this, chunk] { normalize(*chunk); });
  }

  // Waits for the vocabulary; false when it has errors.
  bool start_normalizing() {
    if (!vocabulary_.wait()) {
      vocabulary_failed_ = true;
      return false;
    }
    rules_ = vocabulary_.take_rules();
    normalizer_.emplace(run_.vocabulary, normalizing_diags_, request_.weights, request_.limits);
    // Reading ahead of normalizing only holds claims longer now.
    normalizing_->set_most_waiting(kReadAhead);
    return true;
  }

  // File `f`'s documents up to its set `set`, in file order, as the normalizer's sets.
  void add_sets_up_to(std::size_t f, std::size_t set) {
    auto& numbers = index_.sets_of_file[f];
    const auto& documents = documents_of_file_[f];
    while (numbers.size() <= set) {
      auto added = normalizer_->add_set(documents[numbers.size()], normalizing_diags_);
      numbers.push_back(added ? static_cast<int>(*added) : -1);
      if (added) documents_.push_back(normalizer_->document(*added));
    }
  }

  // The normalizing stage, on a thread of its own with two threads or more: a chunk's claims
  // normalized in parts on the solve threads, each part with diagnostics of its own, then handed
  // to the recorder. A claim is spooled without its references: they were checked against the
  // whole corpus, and a batch holds only some of their targets (prepare() gives each claim its
  // own). The chunks of a corpus whose vocabulary has errors are dropped.
  void normalize(ReadClaims& chunk) {
    if (vocabulary_failed_ || (!normalizer_ && !start_normalizing())) return;
    if (index_.sets_of_file.size() <= chunk.file) {
      index_.sets_of_file.resize(chunk.file + 1);
      documents_of_file_.resize(chunk.file + 1);
    }
    auto& documents = documents_of_file_[chunk.file];
    documents.insert(documents.end(), std::make_move_iterator(chunk.documents.begin()),
                     std::make_move_iterator(chunk.documents.end()));
    // Documents become the normalizer's sets in file order, each before its first claim; the
    // claims of a document whose id was taken are dropped (that is an error already).
    std::vector<PendingClaim>& pending = chunk.claims;
    std::size_t kept = 0;
    for (PendingClaim& p : pending) {
      add_sets_up_to(chunk.file, p.set_in_file);
      int number = index_.sets_of_file[chunk.file][p.set_in_file];
      if (number < 0) continue;
      p.set = static_cast<std::uint32_t>(number);
      if (&p != &pending[kept]) pending[kept] = std::move(p);
      ++kept;
    }
    pending.resize(kept);
    auto block = std::make_shared<NormalizedClaims>();
    block->file = chunk.file;
    block->claims.resize(pending.size());
    block->references.resize(pending.size());
    std::vector<Diagnostics> part_diags((pending.size() + kSpoolPart - 1) / kSpoolPart);
    block->bytes.resize(part_diags.size());
    block->ends.resize(pending.size());
    for_each_index(part_diags.size(), request_.solve.threads, [&](std::size_t b) {
      for (std::size_t k = b * kSpoolPart; k < std::min(pending.size(), (b + 1) * kSpoolPart); ++k) {
        Claim& claim = block->claims[k];
        claim = normalizer_->claim(pending[k].set, std::move(pending[k].raw), part_diags[b]);
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
    });
    for (auto& d : part_diags) normalizing_diags_.append(std::move(d));
    block->sets.reserve(pending.size());
    for (const PendingClaim& p : pending) block->sets.push_back(p.set);
    if (chunk.file_done && !documents.empty()) add_sets_up_to(chunk.file, documents.size() - 1);
    recorder_->post([this, block] { store(*block); });
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
    std::vector<std::uint32_t> rank(documents_.size());
    std::vector<std::uint32_t> by_id(documents_.size());
    std::iota(by_id.begin(), by_id.end(), 0);
    std::sort(by_id.begin(), by_id.end(), [&](auto a, auto b) { return documents_[a].id < documents_[b].id; });
    for (std::size_t k = 0; k < by_id.size(); ++k) rank[by_id[k]] = static_cast<std::uint32_t>(k);
    auto& recs = index_.records;
    index_.order.resize(recs.size());
    std::iota(index_.order.begin(), index_.order.end(), 0);
    std::sort(index_.order.begin(), index_.order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::tie(rank[recs[a].document], recs[a].id, a) < std::tie(rank[recs[b].document], recs[b].id, b);
    });
    for (std::size_t k = 1; k < index_.order.size(); ++k) {
      const ClaimRecord& first = recs[index_.order[k - 1]];
      const ClaimRecord& again = recs[index_.order[k]];
      if (first.document == again.document && first.id == again.id)
        diags_.error({files_[again.file], again.line, again.col},
                     fmt::format("duplicate claim id '{}' in document '{}' (first at line {})", again.id,
                                 documents_[again.document].id, first.line));
    }
  }

  // The range of run order holding a document's claims.
  std::pair<std::size_t, std::size_t> claims_of_document(const std::string& document) const {
    auto& recs = index_.records;
    auto lo = std::partition_point(index_.order.begin(), index_.order.end(),
                                   [&](std::uint32_t r) { return documents_[recs[r].document].id < document; });
    auto hi = std::partition_point(lo, index_.order.end(),
                                   [&](std::uint32_t r) { return documents_[recs[r].document].id == document; });
    return {static_cast<std::size_t>(lo - index_.order.begin()), static_cast<std::size_t>(hi - index_.order.begin())};
  }

  void check_references() {
    std::vector<std::string> document_ids;
    for (const auto& d : documents_) document_ids.push_back(d.id);
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
      const std::string& own = documents_[from.document].id;
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
    std::unordered_map<int, std::uint32_t> number_of_root;
    std::uint32_t count = 0;
    for (std::size_t k = 0; k < n; ++k) {
      int var = recs[index_.order[k]].first_var;
      if (var < 0) {
        component_of[k] = count++;
        continue;
      }
      auto [it, fresh] = number_of_root.emplace(components_.find(var), count);
      if (fresh) ++count;
      component_of[k] = it->second;
    }
    index_.component_start.assign(count + 1, 0);
    for (std::size_t k = 0; k < n; ++k) ++index_.component_start[component_of[k] + 1];
    std::partial_sum(index_.component_start.begin(), index_.component_start.end(), index_.component_start.begin());
    index_.members.resize(n);
    std::vector<std::uint32_t> next(index_.component_start.begin(), index_.component_start.end() - 1);
    for (std::size_t k = 0; k < n; ++k) index_.members[next[component_of[k]]++] = static_cast<std::uint32_t>(k);
  }

  struct Batch {
    CheckResult result;
    std::vector<std::size_t> global;  // per batch claim: its run-wide index
    std::optional<std::string> failure;  // the spool could not be read
    CheckRun timing;                  // stage_times only
    bool interrupted = false;
  };

  // Components [first, last): read back from the spool, grounded, partitioned, solved,
  // explained. Runs on a lane: it touches nothing shared but the spool, which it only reads.
  Batch prepare(std::size_t first, std::size_t last, unsigned solve_threads) {
    Batch out;
    StageClock clock(out.timing);
    std::vector<std::size_t>& global = out.global;
    global.assign(index_.members.begin() + index_.component_start[first],
                  index_.members.begin() + index_.component_start[last]);
    std::sort(global.begin(), global.end());  // run order: the order normalize() gives
    std::vector<SpooledClaim> spooled;
    spooled.reserve(global.size());
    for (std::size_t g : global) spooled.push_back(index_.records[index_.order[g]].spooled);
    std::string bytes;
    std::vector<std::string_view> views;
    if ((out.failure = spool_.read(spooled, bytes, views))) return out;
    clock.lap("load");
    CheckResult& result = out.result;
    result.claims.reserve(global.size());
    ClaimDecoder decoder;
    std::vector<std::uint32_t> documents;  // normalizer sets
    for (std::size_t k = 0; k < global.size(); ++k) {
      std::uint32_t r = index_.order[global[k]];
      ByteReader in(views[k], "a spooled claim");
      Claim& claim = result.claims.emplace_back(decoder.decode(in));
      if (!in.done()) throw std::runtime_error("a spooled claim's bytes go on past its end");
      if (auto refs = index_.related_of.find(r); refs != index_.related_of.end())
        for (const auto& ref : index_.related_refs[refs->second])
          claim.related.set().push_back(ref.find('/') == std::string::npos ? claim.raw.document + "/" + ref : ref);
      documents.push_back(index_.records[r].document);
    }
    std::sort(documents.begin(), documents.end());
    documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
    for (std::uint32_t d : documents) result.documents.push_back(documents_[d]);
    std::sort(result.documents.begin(), result.documents.end(),
              [](const Document& a, const Document& b) { return a.id < b.id; });
    clock.lap("normalize");

    result.widest_tolerance = request_.widest_tolerance;
    result.problem = ground(result.claims, result.documents, run_.vocabulary, rules_, solve_threads, &relations_);
    clock.lap("ground");
    result.components = partition(result.problem);
    if (result.components.size() != last - first || result.claims.size() != global.size())
      throw std::logic_error(fmt::format("a batch of {} components and {} claims partitioned into {} components of {} "
                                         "claims",
                                         last - first, global.size(), result.components.size(), result.claims.size()));
    clock.lap("partition");
    SolveOptions options = request_.solve;
    options.threads = solve_threads;
    std::size_t total = run_.streamed.components;
    if (request_.solve.progress)
      options.progress = [&](std::size_t, std::size_t) { request_.solve.progress(++solved_ , total); };
    result.outcomes = solve(result.problem, result.components, options);
    clock.lap("solve");
    if (request_.solve.stop && request_.solve.stop->load()) {
      out.interrupted = true;
      return out;
    }
    explain(result, run_.vocabulary, solve_threads);
    clock.lap("explain");
    return out;
  }

  // A prepared batch to the run and the sink, in order; false when the run stops here.
  bool deliver(Batch& batch, int first_component, const BatchSink& sink) {
    for (const auto& t : batch.timing.stage_times) add_stage_time(run_, t);
    if (batch.failure) {
      run_.warnings.push_back(*batch.failure);
      return false;
    }
    for (const auto& o : batch.result.outcomes) {
      run_.settled_by_witness += o.witness_source == "exact check" ? 1 : 0;
      run_.components_solved += o.interrupted ? 0 : 1;
    }
    if (batch.interrupted) {
      run_.interrupted = true;
      return false;
    }
    run_.streamed.claims += batch.result.claims.size();
    run_.streamed.findings += batch.result.findings.size();
    run_.streamed.open_findings += batch.result.findings.size();
    ++run_.streamed.batches;
    StageClock clock(run_);
    if (auto error = sink.batch(batch.result, first_component, batch.global)) {
      run_.warnings.push_back(*error);
      return false;
    }
    clock.lap("report");
    return true;
  }

  const CheckRequest& request_;
  CheckRun& run_;
  Diagnostics diags_;
  std::vector<std::string> files_;
  VocabularyLoad& vocabulary_;
  std::atomic<bool> vocabulary_failed_{false};
  std::vector<ParsedRule> rules_;
  EntityRelations relations_;  // the batches'
  std::vector<std::unique_ptr<ClaimLinesFile>> readers_;  // first pass
  ClaimSpool spool_;
  std::optional<ClaimNormalizer> normalizer_;  // once the vocabulary is read
  std::vector<Document> documents_;  // per normalizer set
  CorpusIndex index_;
  std::vector<RelatedRef> related_;
  StatedKeys keys_;  // first pass: the keys stated, in the order first stated
  static constexpr std::size_t kPendingClaims = 4096;
  static constexpr std::size_t kSpoolPart = 256;  // claims normalized, and spooled, in one piece
  static constexpr std::size_t kReadAhead = 2;  // chunks read ahead, once the vocabulary is in
  static constexpr std::size_t kMostWaiting = 1 << 18;  // claims read while the vocabulary is
  std::vector<PendingClaim> pending_;  // first pass: read, not yet handed over
  std::size_t handed_documents_ = 0;   // of the file being read
  // The normalizing stage's: the documents handed over, per file, and the errors found.
  std::vector<std::vector<RawClaimSet>> documents_of_file_;
  Diagnostics normalizing_diags_;
  DisjointSets components_;  // over variables
  std::atomic<std::size_t> solved_{0};
  // First pass, after reading: normalizing chunks, and storing them (two waiting at most), each
  // stage in order on a thread of its own. Declared last, so that they stop before what their
  // tasks touch is gone; normalizing_ first, since it posts to recorder_.
  std::optional<SerialWorker> recorder_;
  std::optional<SerialWorker> normalizing_;
};

}  // namespace

CheckRun run_check_streaming(const CheckRequest& request, std::size_t batch_claims, const BatchSink& sink,
                             const std::string& spool_dir) {
  CheckRun run;
  StageClock clock(run);
  Diagnostics& diags = run.diagnostics;
  VocabularyLoad vocabulary(request, run);
  Diagnostics file_diags;  // after the vocabulary's, which are being written meanwhile
  auto files = expand_paths(request.inputs, file_diags, {".jsonl"});
  for (const auto& file : files)
    if (!is_claim_lines_file(file))
      file_diags.error({file, 0, 0}, "--stream reads JSON Lines corpora (.jsonl); check this claim set without --stream");
  if (files.empty() || file_diags.has_errors()) {
    vocabulary.wait();
    diags.append(std::move(file_diags));
    if (files.empty() && !diags.has_errors()) diags.error({"", 0, 0}, "no claim sets given");
    return run;
  }
  Streamer streamer(request, run, files, vocabulary);
  bool indexed = streamer.index(spool_dir);
#ifdef __GLIBC__
  // The key table and the rule instances over it are gone; glibc's malloc keeps their pages
  // unless asked, and the batches would then sit on top of them. (Builds with jemalloc, the
  // default, do not use glibc's heap; jemalloc returns freed pages on its own within seconds.)
  malloc_trim(0);
#endif
  clock.lap("index");
  if (!indexed || diags.has_errors()) return run;
  sink.begin(run.vocabulary, streamer.sorted_documents());
  streamer.solve_batches(batch_claims, sink);
  return run;
}

}  // namespace claimcheck
