// Inputs the fuzzers found or that are known to break yaml-cpp 0.7: each must end in exact
// diagnostics, never in an exception or a crash.
#include <catch2/catch.hpp>

#include "load/loaders.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

std::string pack_errors(const std::string& pack) {
  Diagnostics diags;
  load_vocabulary_texts({{"pack.yaml", pack}}, diags);
  return diags.render();
}

std::string claim_set_errors(const std::string& text) {
  Diagnostics diags;
  parse_claim_set("set.yaml", text, diags);
  return diags.render();
}

}  // namespace

TEST_CASE("fuzz: a qualifier bound whose required key is missing (was: yaml-cpp InvalidNode thrown)",
          "[hardening][fuzz]") {
  // fuzz_rule_pack, 2026-11-23: 'offset' mangled into another key left a missing node that was read.
  CHECK(pack_errors("pack: q\nqualifiers:\n  - words: [roughly]\n    upper: {offset %:0 ,strict: true}\n") ==
        "pack.yaml:4:12: error: a qualifier bound is missing 'offset'\n"
        "        upper: {offset %:0 ,strict: true}\n"
        "               ^\n"
        "pack.yaml:4:13: error: unknown key 'offset %:0' in a qualifier bound; expected one of: offset, strict\n"
        "        upper: {offset %:0 ,strict: true}\n"
        "                ^\n"
        "2 errors; nothing was checked\n");
}

TEST_CASE("fuzz: a column past the end of a long line (was: std::out_of_range from substr)", "[hardening][fuzz]") {
  // fuzz_claim_set, 2026-12-02: an error placed after a 236-byte line's end cut a window from
  // beyond the line. The caret now stops just after the line's end.
  Diagnostics diags;
  diags.add_source("set.yaml", std::string(236, 'x') + "\n");
  diags.error({"set.yaml", 1, 300}, "something after the end");
  CHECK(diags.render() == "set.yaml:1:300: error: something after the end\n"
                          "    ..." + std::string(79, 'x') + "\n"
                          "    " + std::string(82, ' ') + "^\n"
                          "1 error; nothing was checked\n");
}

TEST_CASE("yaml-cpp traps: a bare comma and a comma list are no claim set", "[hardening][yaml]") {
  CHECK(claim_set_errors(",") ==
        "set.yaml:1:1: error: expected a mapping at the top of the file, found nothing\n    ,\n    ^\n"
        "1 error; nothing was checked\n");
  CHECK(first_line(claim_set_errors("- ,\n,\n")) == "set.yaml:1:3: error: YAML syntax: end of sequence not found");
}

TEST_CASE("yaml-cpp traps: nesting far past yaml-cpp's own guard is refused at the limit", "[hardening][yaml]") {
  CHECK(first_line(claim_set_errors("document: " + std::string(5000, '[') + std::string(5000, ']') + "\n")) ==
        "set.yaml:1:42: error: nesting deeper than 32 levels (--max-depth)");
}

TEST_CASE("yaml-cpp traps: duplicate keys are errors, not the last one silently", "[hardening][yaml]") {
  CHECK(first_line(claim_set_errors("document: {id: A, id: B, title: t, published: 2007-01-01, author: a}\nclaims: []\n")) ==
        "set.yaml:1:19: error: duplicate key 'id' in the document (first at line 1)");
}
