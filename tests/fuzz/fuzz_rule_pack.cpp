// The rule-pack loader and the rule-expression parser on arbitrary bytes, as the only pack.
#include "fuzz_support.hpp"
#include "ground/ground.hpp"

using namespace claimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Diagnostics diags;
  Vocabulary vocab = load_vocabulary_texts({{"pack.yaml", fuzz::text_of(data, size)}}, diags);
  if (!diags.has_errors()) {
    auto rules = parse_rules(vocab, diags);
    (void)rules;
  }
  (void)diags.render();
  return 0;
}
