// The YAML claim-set loader and the normalizer on arbitrary bytes: every input ends in claims or
// in diagnostics that render, never in a crash, a hang or a leak.
#include "fuzz_support.hpp"
#include "normalize/normalize.hpp"

using namespace claimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Diagnostics diags;
  auto set = parse_claim_set("input.yaml", fuzz::text_of(data, size), diags);
  if (set) {
    std::vector<RawClaimSet> sets{std::move(*set)};
    NormalizedInput input = normalize(sets, fuzz::shipped_vocabulary(), diags);
    (void)input;
  }
  (void)diags.render();
  return 0;
}
