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

namespace {

// A text that cannot hold an anchor, an alias or a second document is loaded once and checked
// on its tree; any other is read event by event first. A '---' line in front forces the events:
// both ways must give the same first error (one line lower for the marker).
std::string first_error_both_ways(const std::string& text) {
  std::string by_tree = first_line(claim_set_errors(text));
  std::string by_events = first_line(claim_set_errors("---\n" + text));
  auto where = [](const std::string& line) {
    auto colon = line.find(':');
    return std::to_string(std::stoi(line.substr(colon + 1)) - 1) + line.substr(line.find(':', colon + 1));
  };
  CHECK(where(by_events) == by_tree.substr(by_tree.find(':') + 1));
  return by_tree;
}

}  // namespace

TEST_CASE("anchors and aliases are refused wherever a node may start, and '*' in a rule is neither",
          "[hardening][yaml]") {
  const std::string refused = "error: anchors (&name) and aliases (*name) are not accepted";
  for (std::string text : {"document: &d {id: A}\nclaims: [*d]\n", "claims: [&c a, *c]\n", "claims:\n- &c a\n- *c\n",
                           "document: {id: &i A}\n", "&top document: x\n", "claims: [a,&c b]\n",
                           "document:\n  id: A\n  title: !!str &t x\n", "claims: [*c]\n"}) {
    INFO(text);
    std::string error = first_error_both_ways(text);
    if (text != "claims: [*c]\n") CHECK(error.find(refused) != std::string::npos);
  }
  std::string with_rule = "pack: p\nmetrics:\n  m: {type: count, args: [entity], description: d}\n"
                          "rules:\n  - {id: r, kind: constraint, description: d, require: m(?e) >= 2 * m(?e)}\n";
  CHECK(pack_errors(with_rule).find("anchors") == std::string::npos);
}

TEST_CASE("the depth limit and an unclosed quote are found on the loaded tree as on the events", "[hardening][yaml]") {
  std::string deep = "document:\n  id: A\nclaims:\n  - fact: " + std::string(40, '[') + "x" + std::string(40, ']') +
                     "\n    quote: \"q\n";
  CHECK(first_error_both_ways(deep) == "set.yaml:4:40: error: nesting deeper than 32 levels (--max-depth)");
  CHECK(first_error_both_ways("document: {id: A}\nclaims:\n  - {id: c, quote: \"q}\n") ==
        "set.yaml:3:20: error: YAML syntax: quoted text that is never closed (it runs to the end of the file)");
}

TEST_CASE("yaml-cpp traps: duplicate keys are errors, not the last one silently", "[hardening][yaml]") {
  CHECK(first_line(claim_set_errors("document: {id: A, id: B, title: t, published: 2007-01-01, author: a}\nclaims: []\n")) ==
        "set.yaml:1:19: error: duplicate key 'id' in the document (first at line 1)");
}

TEST_CASE("the vocabulary and the claims read side by side give their errors as when read in turn",
          "[hardening][load]") {
  // A pack error, a JSON Lines error and a claim-set error (files are read in name order).
  std::string pack = "pack: extra\nmetrics:\n  tally:\n    type: tally\n    args: [entity, period]\n";
  std::string yaml = claim_set(claim("a", "cases_prosecuted(Morocco, 2001) = 3") + "    colour: red\n");
  std::string lines = "{\"document\": {\"id\": \"L\", \"published\": \"2007-13-01\"}}\n";
  auto rendered = [&](unsigned threads) {
    SolveOptions options;
    options.threads = threads;
    return without_temp_dirs(run({{"set.yaml", yaml}, {"more.jsonl", lines}}, pack, options).diagnostics.render());
  };
  std::string one = rendered(1);
  CHECK(one == rendered(2));
  CHECK(one ==
        "rules/extra.yaml:4:11: error: unknown metric type 'tally'; expected count, stock, ratio, money, duration or "
        "date\n"
        "        type: tally\n"
        "              ^\n"
        "claims/more.jsonl:1:40: error: impossible month 13 in '2007-13-01'\n"
        "claims/set.yaml:12:5: error: unknown key 'colour' in a claim; expected one of: id, said_by, at, quote, fact, "
        "value, modality, tense, note, related\n"
        "        colour: red\n"
        "        ^\n"
        "3 errors; nothing was checked\n");
}

TEST_CASE("'no claim sets given' only when nothing else went wrong", "[hardening][load]") {
  for (unsigned threads : {1u, 2u}) {
    INFO(threads << " threads");
    testing::TempDir dir;
    dir.write("rules/pack.yaml", "pack: p\nmetrics:\n  tally:\n    type: count\n    args: [entity, period]\n");
    CheckRequest request;
    request.rules_dir = dir.path() + "/rules";
    request.solve.threads = threads;
    CHECK(run_check(request).diagnostics.render() == ": error: no claim sets given\n1 error; nothing was checked\n");
    dir.write("rules/pack.yaml", "pack: p\nmetrics:\n  tally:\n    type: tally\n    args: [entity, period]\n");
    CHECK(without_temp_dirs(run_check(request).diagnostics.render()).find("no claim sets given") == std::string::npos);
  }
}
