#include "model/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>

#include <fstream>
#include <mutex>
#include <set>
#include <unordered_set>

namespace claimcheck {

namespace {

// Never shrinks: a run names few files, and every location may point into it until exit.
struct FileNames {
  std::mutex mutex;
  std::unordered_set<std::string> texts;  // nodes do not move, so pointers to them stay valid
};

FileNames& file_names() {
  static auto* names = new FileNames();  // never destroyed: locations may outlive static destruction
  return *names;
}

}  // namespace

const std::string* intern_file_name(std::string_view name) {
  if (name.empty()) return FileName::empty_text();
  auto& names = file_names();
  std::lock_guard lock(names.mutex);
  return &*names.texts.emplace(name).first;
}

FileName::FileName(std::string_view name) : text_(intern_file_name(name)) {}

std::string to_string(const SourceLoc& loc) {
  if (loc.line == 0) return loc.file.str();
  return fmt::format("{}:{}:{}", loc.file.str(), loc.line, loc.col);
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

void Diagnostics::add_source_on_disk(const std::string& file) {
  if (lines_.count(file) || std::find(on_disk_.begin(), on_disk_.end(), file) != on_disk_.end()) return;
  file_order_.push_back(file);
  on_disk_.push_back(file);
}

void Diagnostics::error(SourceLoc loc, std::string message) {
  if (std::find(file_order_.begin(), file_order_.end(), loc.file.str()) == file_order_.end())
    file_order_.push_back(loc.file.str());
  errors_.push_back({std::move(loc), std::move(message)});
}

void Diagnostics::append(Diagnostics&& other) {
  for (auto& file : other.file_order_)
    if (std::find(file_order_.begin(), file_order_.end(), file) == file_order_.end()) file_order_.push_back(file);
  for (auto& [file, lines] : other.lines_) lines_.try_emplace(file, std::move(lines));
  for (auto& file : other.on_disk_)
    if (!lines_.count(file) && std::find(on_disk_.begin(), on_disk_.end(), file) == on_disk_.end()) on_disk_.push_back(file);
  for (auto& d : other.errors_) error(std::move(d.loc), std::move(d.message));
  other = Diagnostics();
}

namespace {

constexpr std::size_t kMaxShown = 100;  // errors printed; the count covers them all
constexpr std::size_t kWidest = 200;    // longer source lines are cut to a window
constexpr std::size_t kWindow = 80;     // bytes either side of the column

// The line with control bytes and malformed UTF-8 replaced by '?', byte for byte, so columns
// still line up.
std::string printable(std::string line) {
  std::size_t i = 0;
  while (i < line.size()) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t') line[i] = '?';
      ++i;
      continue;
    }
    std::size_t extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    bool ok = extra > 0 && c >= 0xC2 && c <= 0xF4;
    for (std::size_t k = 1; ok && k <= extra; ++k)
      ok = i + k < line.size() && (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      line[i] = '?';
      ++i;
      continue;
    }
    i += extra + 1;
  }
  return line;
}

}  // namespace

std::string Diagnostics::render(bool colour) const {
  const char* error_label = colour ? "\x1b[1;31merror:\x1b[0m" : "error:";
  const char* caret = colour ? "\x1b[32m^\x1b[0m" : "^";
  std::vector<Diagnostic> sorted = errors_;
  auto rank = [&](const std::string& file) {
    return std::find(file_order_.begin(), file_order_.end(), file) - file_order_.begin();
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.file != b.loc.file) return rank(a.loc.file.str()) < rank(b.loc.file.str());
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
  if (sorted.size() > kMaxShown) sorted.resize(kMaxShown + 1);
  // Lines of on-disk files, read in one pass per file; only the lines shown.
  std::map<std::string, std::map<int, std::string>> read_lines;
  for (const auto& file : on_disk_) {
    std::set<int> wanted;
    for (std::size_t i = 0; i < sorted.size() && i < kMaxShown; ++i)
      if (sorted[i].loc.file.str() == file && sorted[i].loc.line > 0) wanted.insert(sorted[i].loc.line);
    if (wanted.empty()) continue;
    std::ifstream in(file, std::ios::binary);
    std::string line;
    for (int n = 1; std::getline(in, line) && n <= *wanted.rbegin(); ++n) {
      if (!wanted.count(n)) continue;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      read_lines[file][n] = line;
    }
  }
  auto line_at = [&](const SourceLoc& loc) -> const std::string* {
    if (loc.line <= 0) return nullptr;
    if (auto it = lines_.find(loc.file.str()); it != lines_.end())
      return loc.line <= static_cast<int>(it->second.size()) ? &it->second[loc.line - 1] : nullptr;
    if (auto it = read_lines.find(loc.file.str()); it != read_lines.end())
      if (auto found = it->second.find(loc.line); found != it->second.end()) return &found->second;
    return nullptr;
  };
  std::string out;
  std::size_t shown = 0;
  std::size_t total = errors_.size();
  for (const auto& d : sorted) {
    if (++shown > kMaxShown) {
      out += fmt::format("... and {} more errors\n", total - kMaxShown);
      break;
    }
    out += fmt::format("{}: {} {}\n", to_string(d.loc), error_label, d.message);
    if (const std::string* source_line = line_at(d.loc)) {
      std::string line = *source_line;
      // A column past the end (some parser errors point there) shows the caret just after it.
      int col = std::min(d.loc.col, static_cast<int>(line.size()) + 1);
      // A long line shows a window around the column, so one error is not a screenful.
      if (line.size() > kWidest) {
        std::size_t from = col > static_cast<int>(kWindow) ? static_cast<std::size_t>(col) - kWindow : 0;
        std::string window = line.substr(from, 2 * kWindow);
        bool cut_left = from > 0, cut_right = from + 2 * kWindow < line.size();
        line = (cut_left ? "..." : "") + window + (cut_right ? "..." : "");
        col = col - static_cast<int>(from) + (cut_left ? 3 : 0);
      }
      // Control bytes and bytes that are not UTF-8 would garble a terminal: show them as '?'.
      line = printable(line);
      // Tabs keep their width under the caret.
      std::string pad;
      for (int i = 0; i + 1 < col && i < static_cast<int>(line.size()); ++i)
        pad.push_back(line[i] == '\t' ? '\t' : ' ');
      out += fmt::format("    {}\n    {}{}\n", line, pad, caret);
    }
  }
  if (!sorted.empty()) out += fmt::format("{} error{}; nothing was checked\n", total, total == 1 ? "" : "s");
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
