#pragma once
// One line of a JSON Lines corpus read on its own, without the lines above it: the part of
// reading a corpus that lines can share out over threads. What depends on earlier lines (which
// documents exist, duplicate ids, quotes in a document's source) is settled afterwards, in line
// order, by the caller.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "load/loaders.hpp"
#include "model/diagnostics.hpp"

namespace claimcheck {

struct ParsedLine {
  enum class Kind { none, document, claim };  // none: blank, or nothing usable (see errors)
  Kind kind = Kind::none;
  int number = 0;
  std::uint64_t offset = 0;  // where the line starts in the file
  Diagnostics errors;        // what the line alone shows, in the order found
  std::optional<RawClaimSet> set;  // a document: its fields, without claims
  RawClaim claim;
  // A claim's document is looked up in order: when it is unknown, that error goes before
  // errors()[document_error_at], at document_loc. document_read: the field held text (an empty
  // one too), so an unknown document is this line's error to report.
  std::size_t document_error_at = 0;
  SourceLoc document_loc;
  bool document_read = false;
  std::optional<SourceLoc> quote_loc;  // where the quote's text starts, when it has one
};

class RecordParser {
 public:
  RecordParser(std::string path, const InputLimits& limits);
  bool allocated() const { return allocated_; }
  ParsedLine parse(int number, std::uint64_t offset, std::string_view text);

 private:
  FileName path_;
  InputLimits limits_;
  simdjson::dom::parser parser_;
  std::string padded_;
  bool allocated_ = true;
};

// A line past --max-file-size, which is not parsed.
ParsedLine too_long_line(const std::string& path, int number, std::uint64_t offset, const InputLimits& limits);

}  // namespace claimcheck
