#include "model/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace claimcheck {

std::string to_string(const SourceLoc& loc) {
  if (loc.line == 0) return loc.file;
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.col);
}

void Diagnostics::add_source(const std::string& file, std::string text) {
  if (lines_.count(file)) return;
  file_order_.push_back(file);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  lines_[file] = std::move(lines);
}

void Diagnostics::error(SourceLoc loc, std::string message) {
  if (std::find(file_order_.begin(), file_order_.end(), loc.file) == file_order_.end())
    file_order_.push_back(loc.file);
  errors_.push_back({std::move(loc), std::move(message)});
}

std::string Diagnostics::render() const {
  std::vector<Diagnostic> sorted = errors_;
  auto rank = [&](const std::string& file) {
    return std::find(file_order_.begin(), file_order_.end(), file) - file_order_.begin();
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return rank(a.loc.file) < rank(b.loc.file);
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
  std::string out;
  for (const auto& d : sorted) {
    out += fmt::format("{}: error: {}\n", to_string(d.loc), d.message);
    auto it = lines_.find(d.loc.file);
    if (d.loc.line > 0 && it != lines_.end() && d.loc.line <= static_cast<int>(it->second.size())) {
      // Control bytes would garble a terminal: show them as '?'.
      std::string line = it->second[d.loc.line - 1];
      for (auto& c : line)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = '?';
      // Tabs keep their width under the caret.
      std::string pad;
      for (int i = 0; i + 1 < d.loc.col && i < static_cast<int>(line.size()); ++i)
        pad.push_back(line[i] == '\t' ? '\t' : ' ');
      out += fmt::format("    {}\n    {}^\n", line, pad);
    }
  }
  if (!sorted.empty())
    out += fmt::format("{} error{}; nothing was checked\n", sorted.size(), sorted.size() == 1 ? "" : "s");
  return out;
}

static std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x == y ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::size_t best = std::string::npos;
  std::string best_name;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best || (d == best && c < best_name)) {
      best = d;
      best_name = c;
    }
  }
  std::size_t allowed = std::max<std::size_t>(1, name.size() / 3);
  if (best_name.empty() || best > allowed || best >= name.size()) return "";
  return fmt::format(" (did you mean '{}'?)", best_name);
}

}  // namespace claimcheck
