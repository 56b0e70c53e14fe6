#pragma once
// The JSON report's parts, shared by json_report (a whole run at once) and JsonReportStream (a
// run in batches) so that both print the same bytes.
#include <cstddef>
#include <string>

#include "model/result.hpp"
#include "model/vocabulary.hpp"
#include "report/json_writer.hpp"

namespace claimcheck::json_parts {

// What "summary" counts; a streamed run adds its batches' up.
struct ReportCounts {
  std::size_t claims = 0, rules = 0, rule_instances = 0, components = 0;
  std::size_t consistent = 0, inconsistent = 0, unknown = 0, findings = 0;
  long suppressed = 0;
};
ReportCounts report_counts(const CheckResult& r, const Vocabulary& vocab);
void write_summary(JsonWriter& w, const ReportCounts& counts);

// `first_component` is the run's id of r's component 1: 1 for a whole run, more for a batch.
void write_document(JsonWriter& w, const Document& d);
void write_finding(JsonWriter& w, const CheckResult& r, const Vocabulary& vocab, const Finding& f, int first_component);
void write_comparison(JsonWriter& w, const CheckResult& r, const Comparison& c, int first_component);
void write_corroboration(JsonWriter& w, const CheckResult& r, const Corroboration& co);
void write_component(JsonWriter& w, const CheckResult& r, std::size_t k, int first_component);

// One item's text as it prints `depth` spaces deep, made apart from the document it goes into.
template <class WriteItem>
std::string item_text(int depth, WriteItem&& write_item) {
  std::string text;
  JsonWriter w(text, depth);
  write_item(w);
  return text;
}

}  // namespace claimcheck::json_parts
