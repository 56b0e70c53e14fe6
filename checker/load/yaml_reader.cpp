#include "load/yaml_reader.hpp"

#include <fmt/format.h>

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "model/parallel.hpp"

namespace claimcheck {

namespace {

// The first byte that is not part of well-formed UTF-8 (overlong forms, surrogates and code
// points past U+10FFFF included), or npos.
std::size_t invalid_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    std::size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
    if (extra == 9 || c == 0xC0 || c == 0xC1 || c > 0xF4) return i;
    if (extra > 0 && i + extra >= text.size()) return i;  // cut off at the end
    for (std::size_t k = 1; k <= extra; ++k)
      if ((byte(i + k) & 0xC0) != 0x80) return i;
    if (extra == 2) {
      if (c == 0xE0 && byte(i + 1) < 0xA0) return i;   // overlong
      if (c == 0xED && byte(i + 1) >= 0xA0) return i;  // surrogate
    }
    if (extra == 3) {
      if (c == 0xF0 && byte(i + 1) < 0x90) return i;   // overlong
      if (c == 0xF4 && byte(i + 1) >= 0x90) return i;  // past U+10FFFF
    }
    i += extra + 1;
  }
  return std::string::npos;
}

SourceLoc loc_at(const FileName& path, const YAML::Mark& mark) { return {path, mark.line + 1, mark.column + 1}; }

// yaml-cpp 0.7 ends a quoted scalar that is never closed at the end of the file, silently.
bool quote_closed(const std::string& text, const YAML::Mark& mark) {
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return true;
  char quote = text[mark.pos];
  if (quote != '"' && quote != '\'') return true;
  for (std::size_t i = mark.pos + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != quote) continue;
    if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {  // '' is a quote inside
      ++i;
      continue;
    }
    return true;
  }
  return false;
}

// One pass over the parser's events before anything is built: nesting depth, anchors and
// aliases, and whether a second document follows.
class ShapeCheck : public YAML::EventHandler {
 public:
  ShapeCheck(const std::string& path, const std::string& text, int max_depth)
      : path_(path), text_(text), max_depth_(max_depth) {}
  std::optional<SourceLoc> too_deep;
  std::optional<SourceLoc> unterminated;  // a quoted scalar that runs to the end of the file
  std::vector<SourceLoc> anchors, aliases;
  std::optional<SourceLoc> document_start;

  void OnDocumentStart(const YAML::Mark& mark) override { document_start = at(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { note_anchor(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { aliases.push_back(at(mark)); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    note_anchor(mark, anchor);
    if (!unterminated && !quote_closed(text_, mark)) unterminated = at(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { --depth_; }

 private:
  FileName path_;
  const std::string& text_;
  int max_depth_;

  int depth_ = 0;

  SourceLoc at(const YAML::Mark& mark) const { return loc_at(path_, mark); }
  void note_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors.push_back(at(mark));
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    note_anchor(mark, anchor);
    if (++depth_ > max_depth_ && !too_deep) too_deep = at(mark);
  }
};

// Whether the text may hold an anchor, an alias or a second document. An anchor or alias is
// '&' or '*' and a name, starting a token (after a line start, a space or an indicator); "2 * x"
// in a rule is neither. Another document needs a marker or directive at the start of a line.
bool may_hold_references_or_documents(const std::string& text) {
  for (std::size_t at = text.find_first_of("&*"); at != std::string::npos; at = text.find_first_of("&*", at + 1)) {
    bool starts_token = at == 0 || std::string_view(" \t\r\n[]{},:-?").find(text[at - 1]) != std::string_view::npos;
    bool named = at + 1 < text.size() && std::string_view(" \t\r\n[]{},").find(text[at + 1]) == std::string_view::npos;
    if (starts_token && named) return true;
  }
  for (std::size_t at = 0; at < text.size();) {
    std::string_view line = std::string_view(text).substr(at, 3);
    if (line.starts_with("---") || line.starts_with("...") || line.starts_with("%")) return true;
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return false;
}

// What ShapeCheck finds in a text without anchors, aliases or a second document, read off the
// loaded tree instead of a second scan: the first container past `max_depth` and the first
// unclosed quoted scalar, in document order (keys before their values), as the events come.
void check_tree(const YAML::Node& node, int depth, int max_depth, const std::string& text, const FileName& path,
                std::optional<SourceLoc>& too_deep, std::optional<SourceLoc>& unterminated) {
  if (too_deep) return;
  if (node.IsScalar()) {
    if (!unterminated && !quote_closed(text, node.Mark())) unterminated = loc_at(path, node.Mark());
    return;
  }
  if (!node.IsMap() && !node.IsSequence()) return;
  if (depth + 1 > max_depth) {
    too_deep = loc_at(path, node.Mark());
    return;
  }
  for (auto it = node.begin(); it != node.end() && !too_deep; ++it) {
    if (node.IsMap()) {
      check_tree(it->first, depth + 1, max_depth, text, path, too_deep, unterminated);
      check_tree(it->second, depth + 1, max_depth, text, path, too_deep, unterminated);
    } else {
      check_tree(*it, depth + 1, max_depth, text, path, too_deep, unterminated);
    }
  }
}

// The mapping under a top-level key, parsed in pieces side by side, and the rest of the file.
struct PiecewiseLoad {
  YAML::Node root;                 // the file with the mapping's lines left blank: the key, no value
  std::vector<YAML::Node> pieces;  // the mapping's entries, a mapping a piece, in file order
};

// A mapping smaller than this is parsed with the rest: a piece costs a thread and a copy.
constexpr std::size_t kPieceworkBytes = std::size_t{512} << 10;

// The mapping under `key` (a top-level key alone on its line, once in the file) cut at entries
// into `count` pieces parsed side by side, each padded with blank lines so that yaml-cpp gives
// every node its line and column in the file. nullopt when the mapping is small, is not a block
// of entries at one indentation ("  id: ..."), or a piece does not parse cleanly: the caller
// then parses the file whole, and reports exactly what it always did. yaml-cpp read the
// synthetic pack (2.7 MB, 55,000 entities) in about 0.7 s on one thread, while the first pass
// of a streamed run waited for it.
std::optional<PiecewiseLoad> load_in_pieces(const std::string& text, const std::string& key, unsigned count,
                                            int max_depth, const FileName& path) {
  std::vector<std::size_t> starts{0};
  for (std::size_t nl = text.find('\n'); nl != std::string::npos && nl + 1 < text.size(); nl = text.find('\n', nl + 1))
    starts.push_back(nl + 1);
  starts.push_back(text.size());  // past the last line
  std::size_t lines = starts.size() - 1;
  auto line = [&](std::size_t k) { return std::string_view(text).substr(starts[k], starts[k + 1] - starts[k]); };
  auto blank_or_comment = [](std::string_view l) {
    std::size_t at = l.find_first_not_of(' ');
    return at == std::string_view::npos || l[at] == '\n' || l[at] == '\r' || l[at] == '#';
  };
  const std::string heading = key + ":";
  std::optional<std::size_t> key_line;
  for (std::size_t k = 0; k < lines; ++k) {
    std::string_view l = line(k);
    if (!l.starts_with(heading)) continue;
    if (key_line || !blank_or_comment(l.substr(heading.size()))) return std::nullopt;  // twice, or a value on the line
    key_line = k;
  }
  if (!key_line) return std::nullopt;
  std::size_t first = *key_line + 1, end = first;
  while (end < lines && (line(end)[0] == ' ' || blank_or_comment(line(end)))) ++end;
  if (starts[end] - starts[first] < kPieceworkBytes) return std::nullopt;
  std::size_t indent = 0;
  std::vector<std::size_t> entries;
  for (std::size_t k = first; k < end; ++k) {
    std::string_view l = line(k);
    if (blank_or_comment(l)) continue;
    std::size_t at = l.find_first_not_of(' ');
    if (!indent) indent = at;
    if (at < indent || l[at] == '\t') return std::nullopt;
    if (at > indent) continue;
    if (l[at] == '-' || l[at] == '?') return std::nullopt;  // a list, or complex keys
    entries.push_back(k);
  }
  std::vector<std::size_t> cuts{first};
  for (unsigned p = 1; p < count; ++p) {
    std::size_t target = starts[first] + (starts[end] - starts[first]) * p / count;
    auto at = std::lower_bound(entries.begin(), entries.end(), target, [&](std::size_t k, std::size_t t) { return starts[k] < t; });
    if (at != entries.end() && *at > cuts.back()) cuts.push_back(*at);
  }
  cuts.push_back(end);
  std::vector<std::string> texts;
  std::string outside = text.substr(0, starts[first]);
  outside.append(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(starts[first]),
                                                      text.begin() + static_cast<std::ptrdiff_t>(starts[end]), '\n')),
                 '\n');
  outside += text.substr(starts[end]);
  texts.push_back(std::move(outside));
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p)
    texts.push_back(std::string(cuts[p] - 1, '\n') + key + ":\n" + text.substr(starts[cuts[p]], starts[cuts[p + 1]] - starts[cuts[p]]));
  std::vector<YAML::Node> roots(texts.size());
  std::vector<char> clean(texts.size(), 0);
  for_each_index(texts.size(), count, [&](std::size_t t) {
    try {
      roots[t] = YAML::Load(texts[t]);
      std::optional<SourceLoc> too_deep, unterminated;
      check_tree(roots[t], 0, max_depth, texts[t], path, too_deep, unterminated);
      clean[t] = !too_deep && !unterminated;
    } catch (const YAML::Exception&) {
    }
  });
  if (std::count(clean.begin(), clean.end(), 0) > 0) return std::nullopt;
  PiecewiseLoad load{roots[0], {}};
  if (!load.root.IsMap()) return std::nullopt;
  if (const YAML::Node left = load.root[key]; !left.IsDefined() || !left.IsNull()) return std::nullopt;
  for (std::size_t t = 1; t < roots.size(); ++t) {
    const YAML::Node& piece = roots[t];
    if (!piece.IsMap() || piece.size() != 1 || !piece.begin()->second.IsMap()) return std::nullopt;
    load.pieces.push_back(piece.begin()->second);
  }
  return load;
}

}  // namespace

SourceLoc loc_of_offset(const std::string& path, const std::string& text, std::size_t offset) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {path, line, static_cast<int>(offset - line_start) + 1};
}

std::optional<std::string> read_text_file(const std::string& path, Diagnostics& diags, const InputLimits& limits) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    diags.error({path, 0, 0}, fmt::format("the file has {} bytes; at most {} are accepted (--max-file-size)", size,
                                          limits.max_file_bytes));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error({path, 0, 0}, "cannot read file");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

YamlDocument read_yaml(const std::string& path, Diagnostics& diags, const InputLimits& limits, const Piecework& piecework) {
  auto text = read_text_file(path, diags, limits);
  if (!text) {
    YamlDocument doc;
    doc.path = path;
    return doc;
  }
  return parse_yaml(path, std::move(*text), diags, limits, piecework);
}

YamlDocument parse_yaml(const std::string& path, std::string text, Diagnostics& diags, const InputLimits& limits,
                        const Piecework& piecework) {
  YamlDocument doc;
  doc.path = path;
  doc.text = std::move(text);
  if (doc.text.size() > limits.max_file_bytes) {
    diags.error({path, 0, 0}, fmt::format("the file has {} bytes; at most {} are accepted (--max-file-size)",
                                          doc.text.size(), limits.max_file_bytes));
    return doc;
  }
  diags.add_source(path, doc.text);
  if (doc.text.find('\0') != std::string::npos) {
    diags.error({path, 1, 1}, "expected YAML text, found binary data (a NUL byte)");
    return doc;
  }
  if (std::size_t bad = invalid_utf8(doc.text); bad != std::string::npos) {
    diags.error(loc_of_offset(path, doc.text, bad),
                fmt::format("expected UTF-8 text, found the byte 0x{:02X}", static_cast<unsigned char>(doc.text[bad])));
    return doc;
  }
  ShapeCheck shape(path, doc.text, limits.max_depth);
  bool second_document = false;
  // ShapeCheck's pass over the events costs as much as Load's own scan. A text that cannot hold
  // anchors, aliases or a second document is loaded first and its tree checked instead; the
  // events are only read when it may, or when Load fails (the depth and an unclosed quote are
  // then reported before the syntax error, as they always were).
  bool loaded = false;
  const bool cannot_hold_references = !may_hold_references_or_documents(doc.text);
  if (cannot_hold_references && piecework.threads > 1 && !piecework.key.empty()) {
    if (auto pieces = load_in_pieces(doc.text, piecework.key, piecework.threads, limits.max_depth, FileName(path))) {
      doc.root = pieces->root;
      doc.pieces = std::move(pieces->pieces);
      loaded = true;
    }
  }
  if (!loaded && cannot_hold_references) {
    try {
      YAML::Node root = YAML::Load(doc.text);
      std::optional<SourceLoc> too_deep, unterminated;
      check_tree(root, 0, limits.max_depth, doc.text, FileName(path), too_deep, unterminated);
      doc.root = root;
      shape.too_deep = too_deep;
      shape.unterminated = unterminated;
      loaded = true;
    } catch (const YAML::Exception&) {
    }
  }
  if (!loaded) {
    try {
      std::istringstream events(doc.text);
      YAML::Parser parser(events);
      // Two documents at most: LoadAll and a loop to the end have known hangs in yaml-cpp 0.7.
      if (parser.HandleNextDocument(shape)) {
        SourceLoc first = shape.document_start.value_or(SourceLoc{path, 1, 1});
        shape.document_start.reset();
        second_document = parser.HandleNextDocument(shape) && shape.document_start &&
                          (shape.document_start->line != first.line || shape.document_start->col != first.col);
      }
    } catch (const YAML::Exception&) {
      // A syntax error: Load below reports it with its position, unless the nesting went too deep
      // first (yaml-cpp's own guard stops far deeper than --max-depth).
    }
  }
  if (shape.too_deep) {
    diags.error(*shape.too_deep, fmt::format("nesting deeper than {} levels (--max-depth)", limits.max_depth));
    return doc;
  }
  if (shape.unterminated) {
    diags.error(*shape.unterminated, "YAML syntax: quoted text that is never closed (it runs to the end of the file)");
    return doc;
  }
  // One error for the first: an alias bomb has hundreds.
  std::vector<SourceLoc> refs = shape.anchors;
  refs.insert(refs.end(), shape.aliases.begin(), shape.aliases.end());
  if (!refs.empty()) {
    auto first = std::min_element(refs.begin(), refs.end(), [](const SourceLoc& a, const SourceLoc& b) {
      return std::tie(a.line, a.col) < std::tie(b.line, b.col);
    });
    diags.error(*first, fmt::format("anchors (&name) and aliases (*name) are not accepted ({} in this file, the first "
                                    "here): write each value out where it is used",
                                    refs.size()));
    return doc;
  }
  try {
    // Only ever Load (one document); LoadAll has known crashes in yaml-cpp 0.7.
    if (!loaded) doc.root = YAML::Load(doc.text);
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
  if (second_document) {
    diags.error(*shape.document_start, "a second YAML document ('---'): a file holds one claim set or rule pack");
    return doc;
  }
  doc.ok = true;
  return doc;
}

std::optional<int> read_weight(const YAML::Node& node, const YamlContext& yc) {
  auto text = yc.scalar(node, "a weight");
  if (!text) return std::nullopt;
  auto weight = weight_named(*text);
  if (!weight) yc.error(node, weight_error(*text));
  return weight;
}

std::optional<int> weight_named(const std::string& text) {
  bool digits = !text.empty() && text.size() <= 6 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoi(text) < 1) return std::nullopt;
  return std::stoi(text);
}

std::string weight_error(const std::string& text) {
  return fmt::format("expected a weight as a whole number from 1 to 999999, found '{}'", text);
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

// A key that is missing gives yaml-cpp's "zombie" node, on which every query but IsDefined()
// throws. The helpers below treat it as absent: the mapping that lacks it reports the key as
// missing (check_mapping), once.

SourceLoc YamlContext::loc(const YAML::Node& node) const {
  if (!node.IsDefined()) return {file_, 0, 0};
  auto mark = node.Mark();
  if (mark.line < 0) return {file_, 0, 0};
  return loc_at(file_, mark);
}

SourceLoc YamlContext::text_loc(const YAML::Node& node) const {
  SourceLoc at = loc(node);
  if (at.line == 0) return at;
  // Find the character at the mark to see whether the scalar is quoted or a block.
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t nl = doc_.text.find('\n'); nl != std::string::npos; nl = doc_.text.find('\n', nl + 1))
      line_starts_.push_back(nl + 1);
  }
  if (static_cast<std::size_t>(at.line) > line_starts_.size()) return at;
  std::size_t pos = line_starts_[static_cast<std::size_t>(at.line) - 1];
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
  if (!node.IsDefined()) return false;
  if (!node.IsMap()) {
    error(node, fmt::format("expected {} as a mapping, found {}", what, describe(node)));
    return false;
  }
  check_keys(std::span(&node, 1), what, allowed, required);
  return true;
}

void YamlContext::check_keys(std::span<const YAML::Node> maps, const std::string& what,
                             const std::vector<std::string>& allowed, const std::vector<std::string>& required) const {
  std::set<std::string> seen;
  std::map<std::string, int> first_line;
  for (const YAML::Node& node : maps)
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;  // a copy: it-> yields a temporary
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
    if (!seen.count(name)) error(maps.front(), fmt::format("{} is missing '{}'", what, name));
}

std::optional<std::string> YamlContext::scalar(const YAML::Node& node, const std::string& what) const {
  if (!node.IsDefined()) return std::nullopt;
  if (!node.IsScalar()) {
    error(node, fmt::format("expected {} as a text value, found {}", what, describe(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::vector<std::string> YamlContext::scalar_list(const YAML::Node& node, const std::string& what,
                                                  std::vector<SourceLoc>* locs) const {
  std::vector<std::string> out;
  if (!node.IsDefined()) return out;
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
