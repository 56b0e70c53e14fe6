// What curators wrote about findings, outside the claim sets: a reviewed suppression file, and a
// previous JSON report to compare against (--baseline).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "load/loaders.hpp"
#include "load/yaml_reader.hpp"
#include "model/result.hpp"

namespace claimcheck {

static bool well_formed_fingerprint(const std::string& text) {
  if (text.size() != 19 || text.compare(0, 3, "cc-") != 0) return false;
  return text.find_first_not_of("0123456789abcdef", 3) == std::string::npos;
}

static std::vector<Suppression> suppressions_of(const YamlDocument& doc, Diagnostics& diags) {
  std::vector<Suppression> out;
  if (!doc.ok) return out;
  YamlContext yc(doc, diags);
  if (!yc.check_mapping(doc.root, "a suppression file", {"suppressions"}, {"suppressions"})) return out;
  const YAML::Node& list = doc.root["suppressions"];
  if (!list.IsSequence()) {
    yc.error(list, fmt::format("expected suppressions as a list of {{fingerprint, by, why, date}}, found {}",
                               describe(list)));
    return out;
  }
  std::map<std::string, SourceLoc> seen;
  for (const auto& item : list) {
    // check_mapping names a missing key; reading one would throw (yaml-cpp's zombie nodes).
    if (!yc.check_mapping(item, "a suppression", {"fingerprint", "by", "why", "date"}, {"fingerprint", "by", "why", "date"}) ||
        !item["fingerprint"] || !item["by"] || !item["why"] || !item["date"])
      continue;
    Suppression s;
    s.loc = yc.loc(item);
    bool ok = true;
    s.fingerprint = yc.scalar(item["fingerprint"], "a finding's fingerprint").value_or("");
    if (!s.fingerprint.empty() && !well_formed_fingerprint(s.fingerprint)) {
      yc.error(item["fingerprint"], fmt::format("expected a whole fingerprint as a report prints it (cc- and 16 hex "
                                                "digits), got '{}'", s.fingerprint));
      ok = false;
    }
    s.by = yc.scalar(item["by"], "who accepted the finding").value_or("");
    s.why = yc.scalar(item["why"], "why the finding is accepted").value_or("");
    for (const auto& [key, text] : {std::pair<const char*, const std::string&>{"by", s.by}, {"why", s.why}}) {
      if (item[key].IsScalar() && text.find_first_not_of(" \t") == std::string::npos) {
        yc.error(item[key], fmt::format("'{}' is empty; a suppression says who accepted the finding and why", key));
        ok = false;
      }
    }
    std::string date_text = yc.scalar(item["date"], "the date it was accepted").value_or("");
    std::string error;
    if (auto date = parse_iso_date(date_text, error)) s.date = *date;
    else if (!date_text.empty()) diags.error(yc.text_loc(item["date"]), error), ok = false;
    if (s.fingerprint.empty() || s.by.empty() || s.why.empty() || date_text.empty()) ok = false;
    if (!ok) continue;
    auto [it, inserted] = seen.emplace(s.fingerprint, s.loc);
    if (!inserted) {
      yc.error(item["fingerprint"], fmt::format("{} is suppressed twice (first at line {})", s.fingerprint, it->second.line));
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Suppression> load_suppressions(const std::string& path, Diagnostics& diags, const InputLimits& limits) {
  return suppressions_of(read_yaml(path, diags, limits), diags);
}

std::vector<Suppression> parse_suppressions(const std::string& path, std::string text, Diagnostics& diags,
                                            const InputLimits& limits) {
  return suppressions_of(parse_yaml(path, std::move(text), diags, limits), diags);
}

std::set<std::string> load_baseline(const std::string& path, Diagnostics& diags, const InputLimits& limits) {
  std::set<std::string> fingerprints;
  auto text = read_text_file(path, diags, limits);
  if (!text) return fingerprints;
  diags.add_source(path, *text);
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(*text, nullptr, true, false);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann counts the byte it stopped at from 1.
    std::size_t at = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text->size());
    diags.error(loc_of_offset(path, *text, at),
                "expected a JSON report from 'claimcheck check --format json' as the baseline; this is not JSON");
    return fingerprints;
  }
  const auto schema = report.is_object() ? report.find("schema") : report.end();
  if (!report.is_object() || schema == report.end() || *schema != kReportSchema) {
    diags.error({path, 1, 1}, fmt::format("expected a JSON report from 'claimcheck check --format json' (schema {}) "
                                          "as the baseline",
                                          kReportSchema));
    return fingerprints;
  }
  const auto findings = report.find("findings");
  if (findings == report.end() || !findings->is_array()) {
    diags.error({path, 1, 1}, "the baseline report has no 'findings' list");
    return fingerprints;
  }
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const auto& f = (*findings)[i];
    const auto fingerprint = f.is_object() ? f.find("fingerprint") : f.end();
    if (!f.is_object() || fingerprint == f.end() || !fingerprint->is_string() ||
        !well_formed_fingerprint(fingerprint->get<std::string>())) {
      diags.error({path, 1, 1}, fmt::format("finding {} of the baseline report has no well-formed fingerprint", i + 1));
      continue;
    }
    fingerprints.insert(fingerprint->get<std::string>());
  }
  return fingerprints;
}

}  // namespace claimcheck
