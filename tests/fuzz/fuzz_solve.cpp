// A claim set through every stage after loading: normalize, ground, partition, solve (a small
// rlimit and conflict limit keep each input quick), explain and both report formats.
#include "explain/explain.hpp"
#include "fuzz_support.hpp"
#include "ground/ground.hpp"
#include "normalize/normalize.hpp"
#include "partition/partition.hpp"
#include "report/report.hpp"
#include "solve/solve.hpp"

using namespace claimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Vocabulary& vocab = fuzz::shipped_vocabulary();
  static const std::vector<ParsedRule> rules = [&] {
    Diagnostics diags;
    return parse_rules(vocab, diags);
  }();
  Diagnostics diags;
  auto set = parse_claim_set("input.yaml", fuzz::text_of(data, size), diags);
  if (!set) return 0;
  std::vector<RawClaimSet> sets{std::move(*set)};
  NormalizedInput input = normalize(sets, vocab, diags);
  if (diags.has_errors()) return 0;
  CheckResult result;
  result.documents = std::move(input.documents);
  result.claims = std::move(input.claims);
  result.problem = ground(result.claims, result.documents, vocab, rules);
  result.components = partition(result.problem);
  SolveOptions options;
  options.rlimit = 200'000;
  options.max_conflicts = 8;
  result.outcomes = solve(result.problem, result.components, options);
  explain(result, vocab);
  (void)markdown_report(result, vocab);
  (void)json_report(result, vocab);
  return 0;
}
