// One self-contained HTML file: inline CSS and SVG, no script, no network (a Content-Security-
// Policy forbids both). Summary, indexes by source, document and metric, the findings with their
// claims side by side and each quote marked in its context, a chart per metric of the claimed
// values over time, and a matrix of which sources dispute which.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report/report.hpp"

namespace claimcheck {

namespace {

std::string esc(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Anchor ids: letters, digits and '-' only.
std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

const char* kStyle = R"(
body{font-family:system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header,main{max-width:1200px;margin:0 auto;padding:0 1.2rem}
nav{position:sticky;top:0;background:#1d3557;padding:.5rem 1.2rem;z-index:2}
nav a{color:#fff;margin-right:1.2rem;text-decoration:none;font-weight:600}
h1{margin:1rem 0 .3rem}h2{border-bottom:2px solid #1d3557;padding-bottom:.2rem;margin-top:2rem}
.summary{font-size:1.1rem}.muted{color:#666}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.finding{background:#fff;border:1px solid #ddd;border-left:6px solid #c1121f;border-radius:4px;padding:.6rem 1rem;margin:1rem 0}
.finding.tension{border-left-color:#f4a261}.finding.caveat{border-left-color:#457b9d}.finding.unknown{border-left-color:#888}
.finding.suppressed{opacity:.7}
.badge{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.8rem;font-weight:700;color:#fff;background:#c1121f;margin-right:.3rem}
.badge.tension{background:#f4a261}.badge.caveat{background:#457b9d}.badge.unknown{background:#888}
.badge.suppressed{background:#6c757d}.badge.new{background:#2a9d8f}.badge.persisting{background:#264653}
.claims{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:.7rem;margin:.6rem 0}
.claim{border:1px solid #e0e0e0;border-radius:4px;padding:.5rem;background:#fdfdfd}
.claim .who{font-weight:700}.claim .where{font-size:.8rem;color:#666}
.context{font-family:Georgia,serif;line-height:1.45;margin:.4rem 0}
mark{background:#ffe066;padding:0 .1rem}
.numbers{font-size:.85rem;background:#f3f3f3;padding:.4rem;white-space:pre-wrap;overflow-x:auto}
.chart{background:#fff;border:1px solid #ddd;border-radius:4px;margin:1rem 0;padding:.5rem}
.matrix td{text-align:center;min-width:2.2rem}
ul.index{columns:2}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.85rem;margin:.3rem 0 0 4rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;opacity:.6;margin-right:.35rem;vertical-align:-1px}
)";

// The value interval of an atom as two plot values; nullopt ends are open.
struct Span {
  std::optional<double> lo, hi;
};

Span span_of(const Interval& interval) {
  Span s;
  if (interval.lo) s.lo = interval.lo->value.to_double();
  if (interval.hi) s.hi = interval.hi->value.to_double();
  return s;
}

// One bar of a metric chart: a claim's interval over a period.
struct Bar {
  int claim = 0;
  Period period;
  Span value;
  std::string source;
  std::string label;
  bool disputed = false;
};

std::string chart_svg(const std::string& metric, const std::vector<Bar>& bars, const std::vector<std::string>& sources,
                      const std::map<int, std::string>& finding_of_claim) {
  const double width = 1100, height = 300, left = 70, right = 20, top = 20, bottom = 40;
  std::int64_t first = bars.front().period.first, last = bars.front().period.last;
  double lowest = 0, highest = 0;
  bool any = false;
  for (const auto& b : bars) {
    first = std::min(first, b.period.first);
    last = std::max(last, b.period.last + 1);
    for (auto v : {b.value.lo, b.value.hi}) {
      if (!v) continue;
      if (!any) lowest = highest = *v;
      lowest = std::min(lowest, *v);
      highest = std::max(highest, *v);
      any = true;
    }
  }
  // A log scale when the values span more than a factor of 20 and are all positive.
  bool log_scale = any && lowest > 0 && highest / lowest > 20;
  double y_min = log_scale ? std::log10(lowest) - 0.2 : 0;
  // Linear ticks at 1, 2 or 5 times a power of ten, about four of them.
  double tick = 1;
  if (!log_scale && highest > 0) {
    double raw = highest * 1.15 / 4, power = std::pow(10.0, std::floor(std::log10(raw)));
    tick = raw / power <= 1 ? power : raw / power <= 2 ? 2 * power : raw / power <= 5 ? 5 * power : 10 * power;
  }
  double y_max = log_scale ? std::log10(highest) + 0.3 : (highest <= 0 ? 1 : tick * std::ceil(highest * 1.15 / tick));
  auto y_of = [&](double v) {
    double t = log_scale ? std::log10(std::max(v, lowest / 10)) : v;
    double f = (t - y_min) / (y_max - y_min);
    return top + (1 - std::clamp(f, 0.0, 1.0)) * (height - top - bottom);
  };
  auto x_of = [&](std::int64_t day) {
    return left + static_cast<double>(day - first) / static_cast<double>(std::max<std::int64_t>(1, last - first)) *
                      (width - left - right);
  };
  static const char* palette[] = {"#1d3557", "#e76f51", "#2a9d8f", "#8338ec", "#ff006e", "#fb8500", "#3a86ff", "#6a994e"};
  auto colour = [&](const std::string& source) {
    auto at = std::find(sources.begin(), sources.end(), source) - sources.begin();
    return palette[static_cast<std::size_t>(at) % (sizeof palette / sizeof *palette)];
  };
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">)", width,
      height, esc("claimed values of " + metric));
  // Axes, year ticks and value ticks.
  svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#333"/><line x1="{0}" y1="{3}" x2="{0}" y2="{1}" stroke="#333"/>)",
                     left, height - bottom, width - right, top);
  int first_year = from_day_number(first).year, last_year = from_day_number(last).year;
  int step = std::max(1, (last_year - first_year + 1) / 14);
  for (int year = first_year; year <= last_year + 1; year += step) {
    std::int64_t day = to_day_number(Date{year, 1, 1});
    if (day < first || day > last) continue;
    double x = x_of(day);
    svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/><text x="{0:.1f}" y="{3}" font-size="11" text-anchor="middle">{4}</text>)",
                       x, top, height - bottom, height - bottom + 15, year);
  }
  std::vector<double> ticks;
  if (log_scale) {
    for (int e = static_cast<int>(std::floor(y_min)); e <= static_cast<int>(std::ceil(y_max)); ++e) ticks.push_back(std::pow(10.0, e));
  } else {
    for (double v = 0; v <= y_max * 1.0001; v += tick) ticks.push_back(v);
  }
  for (double v : ticks) {
    double y = y_of(v);
    if (y < top - 0.5 || y > height - bottom + 0.5) continue;
    svg += fmt::format(R"(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="#eee"/><text x="{3}" y="{4:.1f}" font-size="11" text-anchor="end">{5}</text>)",
                       left, y, width - right, left - 5, y + 4,
                       v >= 1 || v == 0 ? to_display(Rational(static_cast<long>(std::llround(v))))
                                        : fmt::format("{:g}", v));
  }
  if (log_scale)
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" fill="#666">log scale</text>)", left + 5, top + 10);
  // Bars: the period across, the value interval up; an open end runs to the chart's edge, dashed.
  for (const auto& b : bars) {
    double x1 = x_of(b.period.first), x2 = std::max(x_of(b.period.last + 1), x1 + 3);
    double y_hi = b.value.hi ? y_of(*b.value.hi) : top;
    double y_lo = b.value.lo ? y_of(*b.value.lo) : height - bottom;
    if (y_lo - y_hi < 3) y_hi = y_lo - 3;
    std::string fill = colour(b.source);
    auto link = finding_of_claim.find(b.claim);
    if (link != finding_of_claim.end()) svg += fmt::format(R"(<a href="#finding-{}">)", link->second);
    svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="0.35" stroke="{}" stroke-width="{}"{}><title>{}</title></rect>)",
                       x1, y_hi, x2 - x1, y_lo - y_hi, fill, b.disputed ? "#c1121f" : fill, b.disputed ? 2.5 : 1,
                       b.value.hi ? "" : R"( stroke-dasharray="4 2")", esc(b.label));
    if (b.disputed)
      svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="13" font-weight="700" fill="#c1121f">!</text>)",
                         x2 + 2, y_hi + 12);
    if (link != finding_of_claim.end()) svg += "</a>";
  }
  svg += "</svg>\n<div class=\"legend\">";
  // The legend is HTML, so long source names wrap instead of overlapping.
  for (const auto& source : sources)
    svg += fmt::format(R"(<span><i style="background:{}"></i>{}</span>)", colour(source), esc(source));
  return svg + "</div>";
}

}  // namespace

std::string html_report(const CheckResult& r, const Vocabulary& vocab) {
  auto source_of = [&](int c) { return vocab.entity_label(r.claims[static_cast<std::size_t>(c)].said_by); };
  std::map<std::string, long> count;
  for (const auto& f : r.findings) ++count[to_string(f.kind)];
  // The first finding of each claim, for links from charts.
  std::map<int, std::string> finding_of_claim;
  for (const auto& f : r.findings)
    for (int c : f.claims) finding_of_claim.emplace(c, f.fingerprint);

  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>claimcheck report</title>\n";
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  out += "<nav><a href=\"#summary\">Summary</a><a href=\"#findings\">Findings</a><a href=\"#by-source\">By source</a>"
         "<a href=\"#by-document\">By document</a><a href=\"#by-metric\">By metric</a><a href=\"#charts\">Charts</a>"
         "<a href=\"#matrix\">Who disputes whom</a></nav>\n<main>\n";

  // Summary.
  out += "<h1 id=\"summary\">claimcheck report</h1>\n";
  out += fmt::format("<p class=\"muted\">{} documents, {} claims, {} rules, {} grounded rule instances, {} components.</p>\n",
                     r.documents.size(), r.claims.size(), vocab.rules.size(), r.problem.instances.size(),
                     r.components.size());
  out += fmt::format("<p class=\"summary\" id=\"result\"><strong>{} findings shown:</strong> {} contradictions, {} "
                     "tensions, {} caveats, {} undecided; {} suppressed as known.</p>\n",
                     r.findings.size(), count["contradiction"], count["tension"], count["caveat"], count["unknown"],
                     suppressed_findings(r));
  if (!r.history.file.empty())
    out += fmt::format("<p>Run {} in the history <code>{}</code>{}.</p>\n", r.history.run, esc(r.history.file),
                       r.history.previous_run == 0
                           ? ", the first of these claim sets"
                           : fmt::format("; {} resolved since run {}", r.history.resolved.size(), r.history.previous_run));
  if (!r.baseline_file.empty())
    out += fmt::format("<p>Only findings new since the baseline <code>{}</code>: {} left out.</p>\n", esc(r.baseline_file),
                       r.baseline_omitted);
  out += "<table><tr><th>document</th><th>title</th><th>author</th><th>published</th><th>claims</th></tr>\n";
  for (const auto& d : r.documents) {
    long n = std::count_if(r.claims.begin(), r.claims.end(), [&](const Claim& c) { return c.raw.document == d.id; });
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(d.id), esc(d.title),
                       esc(d.author), iso(d.published), n);
  }
  out += "</table>\n";

  // Indexes.
  std::map<std::string, std::vector<const Finding*>> by_source, by_document, by_metric;
  for (const auto& f : r.findings) {
    std::set<std::string> sources, documents, metrics;
    for (int c : f.claims) {
      const Claim& claim = r.claims[static_cast<std::size_t>(c)];
      sources.insert(source_of(c));
      documents.insert(claim.raw.document);
      for (const auto& atom : claim.atoms) metrics.insert(atom.key.name);
    }
    for (const auto& s : sources) by_source[s].push_back(&f);
    for (const auto& d : documents) by_document[d].push_back(&f);
    for (const auto& m : metrics) by_metric[m].push_back(&f);
  }
  auto index = [&](const char* id, const char* title, const std::map<std::string, std::vector<const Finding*>>& groups) {
    out += fmt::format("<h2 id=\"{}\">{}</h2>\n<ul class=\"index\">\n", id, title);
    for (const auto& [name, findings] : groups) {
      out += fmt::format("<li>{}:", esc(name));
      for (const Finding* f : findings)
        out += fmt::format(" <a href=\"#finding-{0}\">{0}</a>", f->fingerprint);
      out += "</li>\n";
    }
    out += "</ul>\n";
  };

  // Findings.
  out += fmt::format("<h2 id=\"findings\">Findings ({})</h2>\n", r.findings.size());
  if (r.findings.empty()) out += "<p>None: every component has values that satisfy all of its claims and rules.</p>\n";
  int number = 0;
  for (const auto& f : r.findings) {
    std::string kind = to_string(f.kind);
    out += fmt::format("<section class=\"finding {}{}\" id=\"finding-{}\">\n", kind, f.suppressed ? " suppressed" : "",
                       f.fingerprint);
    out += fmt::format("<h3>{}. <span class=\"badge {}\">{}</span>", ++number, kind, kind);
    if (!f.since.empty()) out += fmt::format("<span class=\"badge {0}\">{0}</span>", f.since);
    if (f.suppressed) out += "<span class=\"badge suppressed\">suppressed</span>";
    out += fmt::format("<code>{}</code> <span class=\"muted\">component {}; rules: {}</span></h3>\n", f.fingerprint,
                       f.component, esc(fmt::format("{}", fmt::join(f.rule_ids, ", "))));
    if (f.suppressed) out += fmt::format("<p><strong>Suppressed:</strong> {}</p>\n", esc(suppression_note(*f.suppressed)));
    if (f.kind == FindingKind::unknown) out += fmt::format("<p>{}</p>\n", esc(f.unknown_reason));
    out += "<div class=\"claims\">\n";
    for (int c : f.claims) {
      const Claim& claim = r.claims[static_cast<std::size_t>(c)];
      out += "<div class=\"claim\">";
      out += fmt::format("<div class=\"who\">{}</div><div class=\"where\">{}, {} &middot; {} &middot; {}</div>",
                         esc(source_of(c)), esc(claim.raw.document), esc(claim.raw.at), esc(claim.qualified_id()),
                         esc(to_string(claim.raw.loc)));
      const ClaimExtras& extras = claim.raw.extras.get();
      out += fmt::format("<p class=\"context\">{}{}<mark>{}</mark>{}{}</p>", extras.context_before.empty() ? "" : "&hellip;",
                         esc(extras.context_before), esc(claim.raw.quote), esc(extras.context_after),
                         extras.context_after.empty() ? "" : "&hellip;");
      out += fmt::format("<div class=\"muted\"><code>{}</code></div>", esc(claim.raw.fact));
      out += "</div>\n";
    }
    out += "</div>\n";
    if (!f.numbers.empty()) out += fmt::format("<div class=\"numbers\">{}</div>\n", esc(fmt::format("{}", fmt::join(f.numbers, "\n"))));
    for (const auto& caveat : f.caveats) out += fmt::format("<p><strong>Caveat:</strong> {}</p>\n", esc(caveat));
    out += "</section>\n";
  }
  if (!r.history.resolved.empty()) {
    out += fmt::format("<h3>Resolved since run {}</h3>\n<ul>\n", r.history.previous_run);
    for (const auto& gone : r.history.resolved)
      out += fmt::format("<li><code>{}</code> {} by {}: {}</li>\n", gone.fingerprint, esc(gone.kind), esc(gone.rules),
                         esc(gone.claims));
    out += "</ul>\n";
  }
  index("by-source", "Findings by source", by_source);
  index("by-document", "Findings by document", by_document);
  index("by-metric", "Findings by metric", by_metric);

  // Charts: every metric with a numeric value over a period, from claims of two or more periods
  // or sources.
  std::set<int> disputed;
  for (const auto& f : r.findings)
    if (!f.suppressed) disputed.insert(f.claims.begin(), f.claims.end());
  // A metric counted under another definition (compared_as) shares the chart of the one it is
  // compared with, as the proxy rule compares them.
  std::map<std::string, std::vector<Bar>> bars;
  std::map<std::string, std::set<std::string>> members;
  for (std::size_t c = 0; c < r.claims.size(); ++c) {
    for (const auto& atom : r.claims[c].atoms) {
      if (atom.kind != AtomKind::quantity || atom.type == ValueType::boolean || (!atom.interval.lo && !atom.interval.hi))
        continue;
      auto period = std::find_if(atom.key.periods.begin(), atom.key.periods.end(), [](const auto& p) { return p.has_value(); });
      if (period == atom.key.periods.end()) continue;
      auto spec = vocab.metrics.find(atom.key.name);
      std::string root = spec != vocab.metrics.end() && !spec->second.compared_as.empty() ? spec->second.compared_as
                                                                                           : atom.key.name;
      std::string metric = root + (atom.key.unit.empty() ? "" : " [" + atom.key.unit + "]");
      members[metric].insert(atom.key.name);
      int claim = static_cast<int>(c);
      bars[metric].push_back({claim, **period, span_of(atom.interval), source_of(claim),
                              fmt::format("{} ({}), {}: \"{}\" — {}", r.claims[c].qualified_id(), source_of(claim),
                                          atom.key.name, r.claims[c].raw.quote, atom.wording),
                              disputed.count(claim) > 0});
    }
  }
  out += "<h2 id=\"charts\">Claimed values over time</h2>\n<p class=\"muted\">Each bar spans the period a claim is "
         "about and the values it allows; a dashed bar has no upper limit. Red outlines and ! mark claims in an open "
         "finding; click one to go to it.</p>\n";
  int charts = 0;
  for (const auto& [metric, list] : bars) {
    std::set<std::string> sources;
    std::set<std::pair<std::int64_t, std::int64_t>> periods;
    for (const auto& b : list) {
      sources.insert(b.source);
      periods.insert({b.period.first, b.period.last});
    }
    if (list.size() < 2 || (sources.size() < 2 && periods.size() < 2)) continue;
    ++charts;
    std::string title = metric;
    for (const auto& other : members[metric])
      if (metric.rfind(other, 0) != 0) title += ", with " + other + " (another definition, compared as a caveat)";
    out += fmt::format("<div class=\"chart\" id=\"chart-{}\"><h3>{}</h3>\n{}\n</div>\n", slug(metric), esc(title),
                       chart_svg(metric, list, std::vector<std::string>(sources.begin(), sources.end()), finding_of_claim));
  }
  if (charts == 0) out += "<p>No metric has values for two periods or from two sources.</p>\n";

  // Who disputes whom: for each pair of sources, the open findings that join claims of both.
  std::vector<std::string> sources;
  for (const auto& [name, findings] : by_source) sources.push_back(name);
  std::map<std::pair<std::string, std::string>, int> pairs;
  for (const auto& f : r.findings) {
    if (f.suppressed) continue;
    std::set<std::string> in;
    for (int c : f.claims) in.insert(source_of(c));
    for (const auto& a : in)
      for (const auto& b : in) ++pairs[{a, b}];
  }
  out += "<h2 id=\"matrix\">Who disputes whom</h2>\n<p class=\"muted\">Open findings that join claims of the row's and "
         "the column's source; on the diagonal, all open findings a source's claims are in.</p>\n";
  int most = 1;
  for (const auto& [pair, n] : pairs) most = std::max(most, n);
  out += "<table class=\"matrix\"><tr><th></th>";
  for (std::size_t k = 0; k < sources.size(); ++k) out += fmt::format("<th title=\"{}\">{}</th>", esc(sources[k]), k + 1);
  out += "</tr>\n";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    out += fmt::format("<tr><th>{}. {}</th>", i + 1, esc(sources[i]));
    for (const auto& column : sources) {
      auto it = pairs.find({sources[i], column});
      int n = it == pairs.end() ? 0 : it->second;
      out += n == 0 ? "<td></td>"
                    : fmt::format("<td style=\"background:rgba(193,18,31,{:.2f})\">{}</td>", 0.15 + 0.6 * n / most, n);
    }
    out += "</tr>\n";
  }
  out += "</table>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace claimcheck
