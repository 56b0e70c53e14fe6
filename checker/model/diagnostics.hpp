#pragma once
// Errors about the input, each with a place in a file. Stages add to one collector; the run
// prints them all, in file order, and stops before solving.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace claimcheck {

// A file's name, kept once for the whole process: a location copies a pointer, not the text.
// A million claims hold several locations each, and copying the name into every one of them cost
// a heap block per location.
class FileName {
 public:
  // "": every location starts as this, so it takes no lock.
  FileName() : text_(empty_text()) {}
  FileName(std::string_view name);  // NOLINT: locations are written {file, line, col}
  FileName(const std::string& name) : FileName(std::string_view(name)) {}  // NOLINT
  FileName(const char* name) : FileName(std::string_view(name)) {}        // NOLINT
  const std::string& str() const { return *text_; }
  // One text, one pointer: equal names are the same object.
  friend bool operator==(FileName a, FileName b) { return a.text_ == b.text_; }

 private:
  friend const std::string* intern_file_name(std::string_view name);
  static const std::string* empty_text() {
    static const std::string empty;
    return &empty;
  }
  const std::string* text_;
};

struct SourceLoc {
  FileName file;
  int line = 0;  // 1-based; 0 when the error concerns the whole file
  int col = 0;   // 1-based
};

std::string to_string(const SourceLoc& loc);  // "file:line:col"

struct Diagnostic {
  SourceLoc loc;
  std::string message;
};

class Diagnostics {
 public:
  void add_source(const std::string& file, std::string text);
  // For files too large to keep (JSON Lines corpora): render() reads the lines it shows from disk.
  void add_source_on_disk(const std::string& file);
  void error(SourceLoc loc, std::string message);
  // Another's errors after these, and its sources, as if both had been reported here.
  void append(Diagnostics&& other);
  bool has_errors() const { return !errors_.empty(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  // "file:line:col: error: message", the offending line and a caret under the column; with
  // `colour`, "error:" in bold red and the caret in green (ANSI escapes, for a terminal).
  std::string render(bool colour = false) const;

 private:
  std::vector<Diagnostic> errors_;
  std::vector<std::string> file_order_;
  std::map<std::string, std::vector<std::string>> lines_;
  std::vector<std::string> on_disk_;
};

// " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace claimcheck
