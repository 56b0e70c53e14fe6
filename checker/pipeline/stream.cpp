// check --stream: the run of pipeline.cpp over a corpus it never holds, in two passes (see
// pipeline.hpp). The first (corpus_index.cpp) keeps in memory a few dozen bytes a claim and a
// key table, and spools each normalized claim to disk; the second, here, holds one batch of
// whole components at a time.
#include <fmt/format.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "explain/explain.hpp"
#include "ground/ground.hpp"
#include "partition/partition.hpp"
#include "pipeline/claim_spool.hpp"
#include "pipeline/corpus_index.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/stage_clock.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

namespace {

// The second pass: components in batches, each read back from the spool and checked as a run of
// its own, delivered to the sink in component order.
class BatchRunner {
 public:
  BatchRunner(const CheckRequest& request, CheckRun& run, const ClaimSpool& spool, const CorpusIndex& index)
      : request_(request), run_(run), spool_(spool), index_(index), relations_(entity_relations(run.vocabulary)) {}

  // Every document, sorted by id, as the report lists them.
  std::vector<Document> sorted_documents() const {
    std::vector<Document> sorted = index_.documents;
    std::sort(sorted.begin(), sorted.end(), [](const Document& a, const Document& b) { return a.id < b.id; });
    return sorted;
  }

  // Batches run two at a time (each with half the solve threads), since every stage but solve is
  // single-threaded; they go to the sink in order, and a lane waits rather than start a batch
  // more than one ahead of those in flight, so at most three batches are held.
  void solve_batches(std::size_t batch_claims, const BatchSink& sink) {
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
 private:
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
    for (std::uint32_t d : documents) result.documents.push_back(index_.documents[d]);
    std::sort(result.documents.begin(), result.documents.end(),
              [](const Document& a, const Document& b) { return a.id < b.id; });
    clock.lap("normalize");

    result.widest_tolerance = request_.widest_tolerance;
    result.problem = ground(result.claims, result.documents, run_.vocabulary, index_.rules, solve_threads, &relations_);
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
  const ClaimSpool& spool_;
  const CorpusIndex& index_;
  EntityRelations relations_;  // the batches'
  std::atomic<std::size_t> solved_{0};
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
  ClaimSpool spool;
  CorpusIndex index;
  bool indexed = index_corpus(request, run, files, vocabulary, spool, spool_dir, index);
#ifdef __GLIBC__
  // The key table and the rule instances over it are gone; glibc's malloc keeps their pages
  // unless asked, and the batches would then sit on top of them. (Builds with jemalloc, the
  // default, do not use glibc's heap; jemalloc returns freed pages on its own within seconds.)
  malloc_trim(0);
#endif
  clock.lap("index");
  if (!indexed || diags.has_errors()) return run;
  BatchRunner batches(request, run, spool, index);
  sink.begin(run.vocabulary, batches.sorted_documents());
  batches.solve_batches(batch_claims, sink);
  return run;
}

}  // namespace claimcheck
