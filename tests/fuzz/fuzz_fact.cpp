// The fact-expression reader (lexer, numbers, units, qualifiers, periods, dates) on arbitrary
// text, against the shipped vocabulary.
#include "fuzz_support.hpp"
#include "normalize/normalize.hpp"

using namespace claimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Document document = [] {
    Document d;
    d.id = "DOC";
    d.published = Date{2007, 3, 7};
    d.covers = Period{to_day_number(Date{2006, 4, 1}), to_day_number(Date{2007, 3, 31})};
    return d;
  }();
  RawClaim claim;
  claim.id = "c";
  claim.document = "DOC";
  claim.said_by = "MOI";
  claim.fact = fuzz::text_of(data, size);
  claim.fact_loc = {"input", 1, 1};
  Diagnostics diags;
  diags.add_source("input", claim.fact);
  // With readings: the explain subcommand's text is formatted from fuzzed numbers too.
  auto atoms = read_fact(claim, document, fuzz::shipped_vocabulary(), diags, InputLimits{}.max_digits, true);
  (void)atoms;
  (void)diags.render();
  return 0;
}
