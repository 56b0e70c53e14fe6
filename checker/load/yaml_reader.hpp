#pragma once
// Reading YAML with positions: every value keeps the file:line:col it came from, and the
// mistakes yaml-cpp lets through (duplicate keys, wrong shapes) become diagnostics.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/limits.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

struct YamlDocument {
  std::string path;
  std::string text;
  YAML::Node root;
  bool ok = false;  // false when the file could not be read or parsed, or is not a mapping
  // When the mapping under Piecework::key was parsed in pieces: its entries, a mapping a piece
  // in file order, while `root` holds the key with no value.
  std::vector<YAML::Node> pieces;
};

// A top-level mapping to parse in pieces on up to `threads` threads, when it is large.
struct Piecework {
  std::string key;
  unsigned threads = 1;
};

// A whole file, or nullopt with an error when it cannot be read or is over `limits.max_file_bytes`.
std::optional<std::string> read_text_file(const std::string& path, Diagnostics& diags, const InputLimits& limits);
// "path:line:col" of a byte offset into `text`.
SourceLoc loc_of_offset(const std::string& path, const std::string& text, std::size_t offset);

// Reads and parses one file; I/O and syntax errors go to `diags`. The file's text is
// registered with `diags` so errors can quote their line. Refused before any value is read: a
// file over `limits.max_file_bytes`, binary data, bytes that are not UTF-8, nesting deeper than
// `limits.max_depth`, anchors and aliases (an alias bomb expands exponentially when walked), and
// a second document in the file.
YamlDocument read_yaml(const std::string& path, Diagnostics& diags, const InputLimits& limits,
                       const Piecework& piecework = {});
// The same for text already in memory, `path` naming it in messages.
YamlDocument parse_yaml(const std::string& path, std::string text, Diagnostics& diags, const InputLimits& limits,
                        const Piecework& piecework = {});

class YamlContext {
 public:
  YamlContext(const YamlDocument& doc, Diagnostics& diags) : doc_(doc), file_(doc.path), diags_(diags) {}

  SourceLoc loc(const YAML::Node& node) const;
  // Where a scalar's text begins (after an opening quote or a block indicator).
  SourceLoc text_loc(const YAML::Node& node) const;
  void error(const YAML::Node& node, std::string message) const;
  Diagnostics& diags() const { return diags_; }
  const std::string& path() const { return doc_.path; }

  // A mapping whose keys are all in `allowed`, each once, with every key of `required`.
  // Reports every problem; returns false if `node` is not a mapping at all.
  bool check_mapping(const YAML::Node& node, const std::string& what, const std::vector<std::string>& allowed,
                     const std::vector<std::string>& required) const;
  // The same over the keys of mappings read as one (a mapping parsed in pieces), each a mapping.
  void check_keys(std::span<const YAML::Node> maps, const std::string& what, const std::vector<std::string>& allowed,
                  const std::vector<std::string>& required) const;
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& what) const;
  // A scalar or a list of scalars.
  std::vector<std::string> scalar_list(const YAML::Node& node, const std::string& what,
                                       std::vector<SourceLoc>* locs = nullptr) const;

 private:
  const YamlDocument& doc_;
  FileName file_;
  Diagnostics& diags_;
  // Where each line of the document starts, made on the first text_loc: scanning from the top
  // for every value was quadratic (3.5 s for a 2.7 MB vocabulary).
  mutable std::vector<std::size_t> line_starts_;
};

// The values of `names` in a mapping, by position: nullopt where absent, the first where a key
// is given twice (check_mapping reports that). One pass over the mapping, where operator[] with
// a text key builds a stringstream for every key it compares: 55,000 entities took 13% of
// reading their pack that way.
template <std::size_t N>
std::array<std::optional<YAML::Node>, N> mapping_fields(const YAML::Node& map, const std::vector<std::string>& names) {
  std::array<std::optional<YAML::Node>, N> found;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    auto at = std::find(names.begin(), names.end(), it->first.Scalar());
    if (at == names.end()) continue;
    auto& field = found[static_cast<std::size_t>(at - names.begin())];
    if (!field) field.emplace(it->second);
  }
  return found;
}

// A weight: a whole number from 1 to 999999.
std::optional<int> read_weight(const YAML::Node& node, const YamlContext& yc);
// A reliability weight as written (1 to 999999), and the error for anything else.
std::optional<int> weight_named(const std::string& text);
std::string weight_error(const std::string& text);

// A `reliability:` section: {default: N, classes: {name: N}, entities: {id: N}}, weights positive
// whole numbers. Names are checked later, against the vocabulary.
void read_reliability(const YAML::Node& node, const YamlContext& yc, Reliability& into,
                      std::map<std::string, SourceLoc>* name_locs = nullptr);

// Expected-shape names for messages: "a mapping", "a list", "a text value".
std::string describe(const YAML::Node& node);

}  // namespace claimcheck
