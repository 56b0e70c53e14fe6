#include "load/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace claimcheck {

YamlDocument read_yaml(const std::string& path, Diagnostics& diags) {
  YamlDocument doc;
  doc.path = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error({path, 0, 0}, "cannot read file");
    return doc;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  doc.text = buffer.str();
  diags.add_source(path, doc.text);
  if (doc.text.find('\0') != std::string::npos) {
    diags.error({path, 1, 1}, "expected YAML text, found binary data (a NUL byte)");
    return doc;
  }
  try {
    // Only ever Load (one document); LoadAll has known crashes in yaml-cpp 0.7.
    doc.root = YAML::Load(doc.text);
  } catch (const YAML::Exception& e) {
    int line = e.mark.line >= 0 ? e.mark.line + 1 : 1;
    int col = e.mark.column >= 0 ? e.mark.column + 1 : 1;
    diags.error({path, line, col}, "YAML syntax: " + e.msg);
    doc.root = YAML::Node();
    return doc;
  }
  if (!doc.root.IsMap()) {
    diags.error({path, 1, 1}, fmt::format("expected a mapping at the top of the file, found {}",
                                          describe(doc.root)));
    return doc;
  }
  doc.ok = true;
  return doc;
}

std::optional<int> read_weight(const YAML::Node& node, const YamlContext& yc) {
  auto text = yc.scalar(node, "a weight");
  if (!text) return std::nullopt;
  bool digits = !text->empty() && text->size() <= 6 &&
                std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoi(*text) < 1) {
    yc.error(node, fmt::format("expected a weight as a whole number from 1 to 999999, found '{}'", *text));
    return std::nullopt;
  }
  return std::stoi(*text);
}

void read_reliability(const YAML::Node& node, const YamlContext& yc, Reliability& into,
                      std::map<std::string, SourceLoc>* name_locs) {
  if (!yc.check_mapping(node, "reliability", {"default", "classes", "entities"}, {})) return;
  if (node["default"]) into.fallback = read_weight(node["default"], yc);
  for (const char* section : {"classes", "entities"}) {
    const YAML::Node& table = node[section];
    if (!table) continue;
    if (!yc.check_mapping(table, fmt::format("reliability {}", section), {}, {})) continue;
    auto& target = std::string(section) == "classes" ? into.classes : into.entities;
    for (auto it = table.begin(); it != table.end(); ++it) {
      std::string name = it->first.Scalar();
      if (auto w = read_weight(it->second, yc)) target[name] = *w;
      if (name_locs && std::string(section) == "entities") (*name_locs)[name] = yc.loc(it->first);
    }
  }
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return fmt::format("'{}'", node.Scalar());
}

SourceLoc YamlContext::loc(const YAML::Node& node) const {
  auto mark = node.Mark();
  if (mark.line < 0) return {doc_.path, 0, 0};
  return {doc_.path, mark.line + 1, mark.column + 1};
}

SourceLoc YamlContext::text_loc(const YAML::Node& node) const {
  SourceLoc at = loc(node);
  if (at.line == 0) return at;
  // Find the character at the mark to see whether the scalar is quoted or a block.
  std::size_t pos = 0;
  for (int line = 1; line < at.line && pos != std::string::npos; ++line) {
    pos = doc_.text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  if (pos == std::string::npos) return at;
  pos += at.col - 1;
  if (pos >= doc_.text.size()) return at;
  char c = doc_.text[pos];
  if (c == '"' || c == '\'') return {at.file, at.line, at.col + 1};
  if (c == '|' || c == '>') {
    std::size_t next = doc_.text.find('\n', pos);
    if (next == std::string::npos) return at;
    std::size_t first = doc_.text.find_first_not_of(" \t", next + 1);
    std::size_t line_start = next + 1;
    return {at.file, at.line + 1, static_cast<int>((first == std::string::npos ? line_start : first) - line_start) + 1};
  }
  return at;
}

void YamlContext::error(const YAML::Node& node, std::string message) const {
  diags_.error(loc(node), std::move(message));
}

bool YamlContext::check_mapping(const YAML::Node& node, const std::string& what,
                                const std::vector<std::string>& allowed,
                                const std::vector<std::string>& required) const {
  if (!node.IsMap()) {
    error(node, fmt::format("expected {} as a mapping, found {}", what, describe(node)));
    return false;
  }
  std::set<std::string> seen;
  std::map<std::string, int> first_line;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node& key = it->first;
    if (!key.IsScalar()) {
      error(key, fmt::format("expected a plain key in {}, found {}", what, describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      error(key, fmt::format("duplicate key '{}' in {} (first at line {})", name, what, first_line[name]));
      continue;
    }
    first_line[name] = loc(key).line;
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      error(key, fmt::format("unknown key '{}' in {}{}; expected one of: {}", name, what,
                             did_you_mean(name, allowed), fmt::join(allowed, ", ")));
  }
  for (const auto& name : required)
    if (!seen.count(name)) error(node, fmt::format("{} is missing '{}'", what, name));
  return true;
}

std::optional<std::string> YamlContext::scalar(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) {
    error(node, fmt::format("expected {} as a text value, found {}", what, describe(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::vector<std::string> YamlContext::scalar_list(const YAML::Node& node, const std::string& what,
                                                  std::vector<SourceLoc>* locs) const {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    if (locs) locs->push_back(text_loc(node));
    return out;
  }
  if (!node.IsSequence()) {
    error(node, fmt::format("expected {} as a name or a list of names, found {}", what, describe(node)));
    return out;
  }
  for (const auto& item : node) {
    if (auto s = scalar(item, what)) {
      out.push_back(*s);
      if (locs) locs->push_back(text_loc(item));
    }
  }
  return out;
}

}  // namespace claimcheck
