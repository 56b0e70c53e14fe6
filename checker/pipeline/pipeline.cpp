#include "pipeline/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <future>

#include "distribute/distribute.hpp"
#include "explain/explain.hpp"
#include "ground/ground.hpp"
#include "history/history.hpp"
#include "load/loaders.hpp"
#include "normalize/normalize.hpp"
#include "partition/partition.hpp"
#include "pipeline/stage_clock.hpp"
#include "review/review.hpp"

namespace claimcheck {


CheckRun run_check(const CheckRequest& request) {
  CheckRun run;
  StageClock clock(run);
  Diagnostics& diags = run.diagnostics;
  // The vocabulary and the claim files do not depend on each other: with two threads or more
  // they are read side by side, and the claims' errors follow the vocabulary's as when read in turn.
  Diagnostics claim_diags;
  std::vector<std::string> files;
  std::vector<RawClaimSet> sets;
  auto read_claims = [&]() {
    files = expand_paths(request.inputs, claim_diags, {".yaml", ".yml", ".jsonl"});
    for (const auto& file : files) {
      if (is_claim_lines_file(file)) {
        for (auto& set : load_claim_lines(file, claim_diags, request.limits, request.solve.threads)) sets.push_back(std::move(set));
      } else if (auto set = load_claim_set(file, claim_diags, request.limits)) {
        sets.push_back(std::move(*set));
      }
    }
  };
  if (request.solve.threads > 1) {
    auto claims_read = std::async(std::launch::async, read_claims);
    run.vocabulary = load_vocabulary(request.rules_dir, diags, request.limits, request.solve.threads);
    claims_read.get();
  } else {
    run.vocabulary = load_vocabulary(request.rules_dir, diags, request.limits);
    read_claims();
  }
  diags.append(std::move(claim_diags));
  if (files.empty() && !diags.has_errors()) diags.error({"", 0, 0}, "no claim sets given");
  std::vector<Suppression> suppressions;
  if (!request.suppressions_file.empty())
    suppressions = load_suppressions(request.suppressions_file, diags, request.limits);
  std::set<std::string> baseline;
  if (!request.baseline_file.empty()) baseline = load_baseline(request.baseline_file, diags, request.limits);
  auto rules = parse_rules(run.vocabulary, diags);
  clock.lap("load");
  if (diags.has_errors()) return run;  // normalizing against a broken vocabulary only adds noise

  NormalizedInput input =
      normalize(std::move(sets), run.vocabulary, diags, request.weights, request.limits, request.solve.threads,
                request.readings);
  clock.lap("normalize");
  if (diags.has_errors()) return run;

  CheckResult& result = run.result;
  result.widest_tolerance = request.widest_tolerance;
  result.documents = std::move(input.documents);
  result.claims = std::move(input.claims);
  result.expected = std::move(input.expected);
  // Ground leaves a core idle most of its time: the solve workers' contexts are made meanwhile.
  SolveOptions solve_options = request.solve;
  if (solve_options.threads > 1 && !solve_options.context_per_component)
    solve_options.contexts = prepare_contexts(solve_options.threads);
  result.problem = ground(result.claims, result.documents, run.vocabulary, rules, request.solve.threads);
  clock.lap("ground");
  result.components = partition(result.problem);
  clock.lap("partition");
  auto stopped = [&]() { return request.solve.stop && request.solve.stop->load(); };
  // Even when stopped: every rank must reach the gather, or rank 0 would wait for this one
  // forever. A stopped solve marks its components interrupted without solving them.
  result.outcomes = solve_on_ranks(result.problem, result.components, solve_options);
  solve_options.contexts.reset();  // the contexts no worker took
  clock.lap("solve");
  if (current_ranks().rank != 0) {
    run.follower_rank = true;  // rank 0 has every outcome and goes on alone
    return run;
  }
  for (const auto& o : result.outcomes) run.settled_by_witness += o.witness_source == "exact check" ? 1 : 0;
  // A rank that was stopped hands back the components it did not finish; its stop ends the run
  // here as a stop of this process would, since a report would pass them off as solved.
  bool stopped_elsewhere = std::any_of(result.outcomes.begin(), result.outcomes.end(),
                                       [](const Outcome& o) { return o.interrupted; });
  if (stopped() || stopped_elsewhere) {
    run.interrupted = true;
    run.interrupted_elsewhere = !stopped();
    for (const auto& o : result.outcomes) run.components_solved += o.interrupted ? 0 : 1;
    return run;
  }
  explain(result, run.vocabulary, request.solve.threads);
  clock.lap("explain");
  apply_suppressions(result, suppressions);
  if (!request.baseline_file.empty()) apply_baseline(result, request.baseline_file, baseline);
  clock.lap("review");
  if (!request.history_file.empty()) {
    // Runs are compared within a scope: the same claim-set files, wherever the run started from.
    std::string scope;
    for (const auto& file : files) {
      std::error_code ec;
      auto absolute = std::filesystem::weakly_canonical(file, ec);
      scope += (ec ? file : absolute.string()) + "\n";
    }
    if (auto error = record_run(request.history_file, scope, result))
      run.warnings.push_back(fmt::format("the run was not recorded in the history {}: {}", request.history_file, *error));
    clock.lap("history");
  }
  return run;
}

}  // namespace claimcheck
