// A rule pack's large entities mapping parsed in pieces side by side gives what one parse gives:
// the same vocabulary, and the same errors at the same places.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "load/loaders.hpp"
#include "load/yaml_reader.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

// A pack whose entities mapping (about 700 KB) is large enough to be read in pieces; `broken`
// entity lines, by index, replace the plain ones.
std::string pack(const std::map<int, std::string>& broken = {}, const std::string& after = "") {
  std::string text = "pack: pieces\n# entities follow\nentities:\n";
  for (int k = 0; k < 12000; ++k) {
    auto it = broken.find(k);
    text += it != broken.end() ? it->second
                               : fmt::format("  E{}: {{name: Entity number {}, class: body, aliases: [e{}]}}\n", k, k, k);
    if (k % 2500 == 0) text += "\n  # a comment between entries\n";
  }
  text += "metrics:\n  size: {type: count, args: [entity, period]}\n" + after;
  return text;
}

struct Read {
  Vocabulary vocab;
  std::string diagnostics;
  std::size_t pieces = 0;
};

Read read(const std::string& text, unsigned threads) {
  TempDir dir;
  dir.write("rules/pack.yaml", text);
  Read out;
  Diagnostics diags;
  out.vocab = load_vocabulary(dir.path() + "/rules", diags, {}, threads);
  out.diagnostics = diags.render();
  Diagnostics again;
  out.pieces = read_yaml(dir.path() + "/rules/pack.yaml", again, {}, {"entities", threads}).pieces.size();
  std::string prefix = dir.path() + "/";
  for (auto at = out.diagnostics.find(prefix); at != std::string::npos; at = out.diagnostics.find(prefix))
    out.diagnostics.erase(at, prefix.size());
  return out;
}

void check_same(const Read& pieces, const Read& whole) {
  CHECK(pieces.diagnostics == whole.diagnostics);
  REQUIRE(pieces.vocab.entities.size() == whole.vocab.entities.size());
  for (auto a = pieces.vocab.entities.begin(), b = whole.vocab.entities.begin(); a != pieces.vocab.entities.end(); ++a, ++b) {
    CHECK(a->first == b->first);
    CHECK(a->second.name == b->second.name);
    CHECK(a->second.loc.line == b->second.loc.line);
    CHECK(a->second.loc.col == b->second.loc.col);
  }
  CHECK(pieces.vocab.entity_alias == whole.vocab.entity_alias);
  CHECK(pieces.vocab.metrics.size() == whole.vocab.metrics.size());
}

}  // namespace

TEST_CASE("a large entities mapping read in pieces gives the vocabulary one parse gives", "[load][pieces]") {
  Read whole = read(pack(), 1), pieces = read(pack(), 2), more = read(pack(), 4);
  CHECK(whole.pieces == 0);
  CHECK(pieces.pieces == 2);
  CHECK(more.pieces == 4);
  CHECK(whole.diagnostics.empty());
  CHECK(whole.vocab.entities.size() == 12000);
  check_same(pieces, whole);
  check_same(more, whole);
  // Places in the file, inside pieces and after the mapping: line 3 is "entities:".
  CHECK(to_string(pieces.vocab.entities.at("E0").loc).ends_with("pack.yaml:4:3"));
  CHECK(to_string(pieces.vocab.entities.at("E11999").loc).ends_with(fmt::format("pack.yaml:{}:3", 4 + 11999 + 5 * 2)));
}

TEST_CASE("errors in entities read in pieces come out as one parse gives them", "[load][pieces]") {
  // A duplicate across pieces, bad ids and aliases in both halves, and an error after the mapping.
  std::map<int, std::string> broken{{10, "  9lives: {class: body}\n"},
                                    {10000, "  E20: {class: body}\n"},
                                    {10001, "  E10001: {class: body, aliases: [2bad]}\n"},
                                    {11000, "  E11000: {class: body, colour: red}\n"}};
  std::string after = "events:\n  opened: {args: [entity], bogus: 1}\n";
  Read whole = read(pack(broken, after), 1), pieces = read(pack(broken, after), 2);
  CHECK(pieces.pieces == 2);
  CHECK(whole.diagnostics.find("invalid entity id '9lives'") != std::string::npos);
  CHECK(whole.diagnostics.find("duplicate key 'E20' in entities (first at line 26)") != std::string::npos);
  CHECK(whole.diagnostics.find("unknown key 'bogus'") != std::string::npos);
  check_same(pieces, whole);
}

TEST_CASE("entities that cannot be cut at an entry are read whole", "[load][pieces]") {
  // A flow mapping whose second line sits at the entries' indentation: cut there, the piece
  // before would not parse, so the file is read whole, with the same result.
  std::map<int, std::string> broken{{6000, "  E6000: {name: split,\n  class: body}\n"}};
  Read whole = read(pack(broken), 1), pieces = read(pack(broken), 2);
  check_same(pieces, whole);
  // A syntax error inside the mapping: reported once, at its place, as one parse reports it.
  std::map<int, std::string> unclosed{{8000, "  E8000: {name: [open\n"}};
  Read bad_whole = read(pack(unclosed), 1), bad_pieces = read(pack(unclosed), 2);
  CHECK(bad_pieces.pieces == 0);
  CHECK(bad_whole.diagnostics.find("YAML syntax") != std::string::npos);
  CHECK(bad_pieces.diagnostics == bad_whole.diagnostics);
  // A small mapping is read whole.
  Read small = read("pack: small\nentities:\n  A: {class: body}\n", 2);
  CHECK(small.pieces == 0);
  CHECK(small.vocab.entities.size() == 1);
}
