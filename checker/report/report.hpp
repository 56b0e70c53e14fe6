#pragma once
// report/: a CheckResult to Markdown or JSON text, and an atomic way to write it.
#include <optional>
#include <string>

#include "model/result.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

inline constexpr const char* kReportSchema = "claimcheck-report/1";

std::string markdown_report(const CheckResult& result, const Vocabulary& vocab);
std::string json_report(const CheckResult& result, const Vocabulary& vocab);

// Writes to a temporary file beside `path`, then renames it over `path`; on failure `path` is
// untouched and the reason is returned.
std::optional<std::string> write_atomically(const std::string& path, const std::string& content);

}  // namespace claimcheck
