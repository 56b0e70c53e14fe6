// The JSON Lines corpus reader and the normalizer on arbitrary bytes: every input ends in claim
// sets or in diagnostics that render, never in a crash, a hang or a leak.
#include "fuzz_support.hpp"
#include "normalize/normalize.hpp"

using namespace claimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Diagnostics diags;
  InputLimits limits;
  limits.max_file_bytes = 4096;  // small, so the long-line path is reached too
  auto sets = parse_claim_lines("input.jsonl", fuzz::text_of(data, size), diags, limits);
  if (!diags.has_errors()) {
    NormalizedInput input = normalize(sets, fuzz::shipped_vocabulary(), diags);
    (void)input;
  }
  (void)diags.render();
  return 0;
}
