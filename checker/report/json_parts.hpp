#pragma once
// The JSON report's parts, shared by json_report (a whole run at once) and JsonReportStream (a
// run in batches) so that both print the same bytes.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck::json_parts {

using nlohmann::ordered_json;

// What "summary" counts; a streamed run adds its batches' up.
struct ReportCounts {
  std::size_t claims = 0, rules = 0, rule_instances = 0, components = 0;
  std::size_t consistent = 0, inconsistent = 0, unknown = 0, findings = 0;
  long suppressed = 0;
};
ReportCounts report_counts(const CheckResult& r, const Vocabulary& vocab);
ordered_json summary_json(const ReportCounts& counts);

// `first_component` is the run's id of r's component 1: 1 for a whole run, more for a batch.
ordered_json document_json(const Document& d);
ordered_json finding_json(const CheckResult& r, const Vocabulary& vocab, const Finding& f, int first_component);
ordered_json comparison_json(const CheckResult& r, const Comparison& c, int first_component);
ordered_json corroboration_json(const CheckResult& r, const Corroboration& co);
ordered_json component_json(const CheckResult& r, std::size_t k, int first_component);

// As dump(2) prints them when their key is `indent` spaces deep: an item (whose line breaks
// take `indent` more spaces), and an array of items already indented that way plus 2.
std::string indented(const ordered_json& item, int indent);
std::string array_text(const std::vector<std::string>& items, int indent);

}  // namespace claimcheck::json_parts
