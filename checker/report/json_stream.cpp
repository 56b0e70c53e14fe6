#include "report/json_stream.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <tuple>
#include <utility>

#include "model/parallel.hpp"
#include "model/temporary_file.hpp"
#include "report/json_parts.hpp"
#include "report/report.hpp"

namespace claimcheck {

using json_parts::item_text;

namespace {

// One section's items as text in a file of its own, unlinked as soon as it is made so that
// nothing is left behind, however the run ends. Beside the report rather than in /tmp, which
// may be memory.
struct Spool {
  std::FILE* file = nullptr;
  std::size_t items = 0;
  std::uint64_t bytes = 0;

  ~Spool() {
    if (file) std::fclose(file);
  }
  std::optional<std::string> open(const std::string& report, const char* section) {
    namespace fs = std::filesystem;
    fs::path target(report);
    fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    auto made = open_unlinked_temporary(dir.string(), fmt::format(".{}.{}-", target.filename().string(), section));
    if (auto* why = std::get_if<std::string>(&made)) return *why;
    int fd = std::get<int>(made);
    file = ::fdopen(fd, "w+b");
    if (!file) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      return "cannot open a temporary file in " + dir.string() + ": " + reason;
    }
    return std::nullopt;
  }
  bool write(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file) != text.size()) return false;
    bytes += text.size();
    return true;
  }
  // An item of an array whose key is `indent` spaces deep, with the comma before it.
  bool add_item(const std::string& text, int indent) {
    ++items;
    return write(fmt::format("{}{:{}}{}", items == 1 ? "\n" : ",\n", "", indent + 2, text));
  }
};

}  // namespace

struct JsonReportStream::State {
  std::string path;
  const Vocabulary& vocab;
  Spool documents, findings, comparisons, corroborations, untouched, components;
  // The corroborations' text goes to its spool as batches come, but in the whole run they are in
  // the order of their variables, which are numbered by first statement (run-wide claim, atom):
  // that and where the text is, to write them in that order at the end.
  struct Corroboration {
    std::size_t claim = 0, atom = 0;
    std::uint64_t offset = 0;
    std::size_t length = 0;
  };
  std::vector<Corroboration> corroboration_order;
  json_parts::ReportCounts counts;
  std::optional<std::string> error;

  State(std::string p, const Vocabulary& v) : path(std::move(p)), vocab(v) {}
  std::string spool_error() const {
    return fmt::format("cannot write a temporary file beside {}: {}", path, std::strerror(errno));
  }
};

JsonReportStream::JsonReportStream(std::string path, const Vocabulary& vocab, const std::vector<Document>& documents)
    : state_(std::make_unique<State>(std::move(path), vocab)) {
  State& s = *state_;
  std::pair<Spool*, const char*> spools[] = {{&s.documents, "documents"},   {&s.findings, "findings"},
                                             {&s.comparisons, "comparisons"}, {&s.corroborations, "corroboration"},
                                             {&s.untouched, "untouched"},   {&s.components, "components"}};
  for (auto [spool, section] : spools)
    if ((s.error = spool->open(s.path, section))) return;
  for (const auto& d : documents)
    if (!s.documents.add_item(item_text(4, [&](JsonWriter& w) { json_parts::write_document(w, d); }), 2)) {
      s.error = s.spool_error();
      return;
    }
  if (std::fflush(s.documents.file) != 0) s.error = s.spool_error();
}

JsonReportStream::~JsonReportStream() = default;

std::optional<std::string> JsonReportStream::add(const CheckResult& batch, int first_component,
                                                  const std::vector<std::size_t>& global_claim) {
  State& s = *state_;
  if (s.error) return s.error;
  // Out of order, the concatenated sections would not be the whole run's.
  if (first_component != static_cast<int>(s.counts.components) + 1)
    return s.error = fmt::format("a batch begins at component {} where component {} was due", first_component,
                                 s.counts.components + 1);
  if (global_claim.size() != batch.claims.size())
    return s.error = fmt::format("a batch of {} claims came with {} run-wide claim indices", batch.claims.size(),
                                 global_claim.size());
  bool written = true;
  for (const auto& f : batch.findings)
    written = written && s.findings.add_item(item_text(4, [&](JsonWriter& w) {
                json_parts::write_finding(w, batch, s.vocab, f, first_component);
              }), 2);
  for (const auto& c : batch.comparisons)
    written = written && s.comparisons.add_item(item_text(4, [&](JsonWriter& w) {
                json_parts::write_comparison(w, batch, c, first_component);
              }), 2);
  if (!batch.corroborations.empty()) {
    // Every claim stating a key is in this batch (they share a component), so the key's first
    // statement in the batch is its first in the run.
    const GroundProblem& p = batch.problem;
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::pair<std::size_t, std::size_t>> first(p.variables.size(), {kNone, kNone});
    for (std::size_t c = 0; c < p.claim_count(); ++c)
      for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a)
        if (first[p.atoms_of(c)[a].var].first == kNone) first[p.atoms_of(c)[a].var] = {global_claim[c], a};
    for (const auto& co : batch.corroborations) {
      std::string text = item_text(4, [&](JsonWriter& w) { json_parts::write_corroboration(w, batch, co); });
      s.corroboration_order.push_back({first[co.var].first, first[co.var].second, s.corroborations.bytes, text.size()});
      written = written && s.corroborations.write(text);
    }
  }
  for (int c : batch.untouched_claims)
    written = written && s.untouched.add_item(item_text(6, [&](JsonWriter& w) { w.value(batch.claims[c].qualified_id()); }), 4);
  for (std::size_t k = 0; k < batch.components.size(); ++k)
    written = written && s.components.add_item(item_text(6, [&](JsonWriter& w) {
                json_parts::write_component(w, batch, k, first_component);
              }), 4);
  // A full disk shows when the buffers go out: this batch, not at the end.
  for (Spool* spool : {&s.findings, &s.comparisons, &s.corroborations, &s.untouched, &s.components})
    written = written && std::fflush(spool->file) == 0;
  if (!written) return s.error = s.spool_error();

  json_parts::ReportCounts n = json_parts::report_counts(batch, s.vocab);
  s.counts.claims += n.claims;
  s.counts.rule_instances += n.rule_instances;
  s.counts.components += n.components;
  s.counts.consistent += n.consistent;
  s.counts.inconsistent += n.inconsistent;
  s.counts.unknown += n.unknown;
  s.counts.findings += n.findings;
  s.counts.suppressed += n.suppressed;
  return std::nullopt;
}

std::optional<std::string> JsonReportStream::finish() {
  State& s = *state_;
  if (s.error) return s.error;
  AtomicFileWriter out(s.path);
  auto read_back = [&](Spool& spool, std::uint64_t offset, std::size_t length) -> std::optional<std::string> {
    if (std::fflush(spool.file) != 0) return s.spool_error();
    return out.copy_from(::fileno(spool.file), offset, length, "a temporary file beside " + s.path);
  };
  // An array whose key is `indent` spaces deep, as dump(2) prints it.
  auto array = [&](Spool& spool, int indent) -> std::optional<std::string> {
    if (spool.items == 0) return out.write("[]");
    if (auto error = out.write("[")) return error;
    if (auto error = read_back(spool, 0, spool.bytes)) return error;
    return out.write(fmt::format("\n{:{}}]", "", indent));
  };
  auto corroboration = [&]() -> std::optional<std::string> {
    if (s.corroboration_order.empty()) return out.write("[]");
    std::sort(s.corroboration_order.begin(), s.corroboration_order.end(),
              [](const auto& a, const auto& b) { return std::tie(a.claim, a.atom) < std::tie(b.claim, b.atom); });
    for (std::size_t i = 0; i < s.corroboration_order.size(); ++i) {
      const auto& entry = s.corroboration_order[i];
      if (auto error = out.write(i == 0 ? "[\n    " : ",\n    ")) return error;
      if (auto error = read_back(s.corroborations, entry.offset, entry.length)) return error;
    }
    return out.write("\n  ]");
  };

  // A section's spool is closed once copied, on a thread of its own, beside the copying and the
  // fsync that follow: closing frees the file's pages (0.08 s for a million claims' sections).
  SerialWorker closer(true, 8);
  auto done_with = [&](Spool& spool) {
    if (std::FILE* file = std::exchange(spool.file, nullptr)) closer.post([file] { std::fclose(file); });
  };
  json_parts::ReportCounts counts = s.counts;
  counts.rules = s.vocab.rules.size();
  std::string head = "{\n  \"schema\": ";
  JsonWriter::append_string(head, kReportSchema);
  std::optional<std::string> error = out.write(head + ",\n  \"documents\": ");
  if (!error) error = array(s.documents, 2);
  done_with(s.documents);
  if (!error) error = out.write(",\n  \"summary\": " + item_text(2, [&](JsonWriter& w) { json_parts::write_summary(w, counts); }));
  if (!error) error = out.write(",\n  \"findings\": ");
  if (!error) error = array(s.findings, 2);
  done_with(s.findings);
  if (!error) error = out.write(",\n  \"comparisons\": ");
  if (!error) error = array(s.comparisons, 2);
  done_with(s.comparisons);
  if (!error) error = out.write(",\n  \"corroboration\": ");
  if (!error) error = corroboration();
  done_with(s.corroborations);
  if (!error) error = out.write(fmt::format(",\n  \"coverage\": {{\n    \"claims_checked\": {},", counts.claims));
  if (!error) error = out.write("\n    \"untouched_claims\": ");
  if (!error) error = array(s.untouched, 4);
  done_with(s.untouched);
  if (!error) error = out.write(",\n    \"components\": ");
  if (!error) error = array(s.components, 4);
  done_with(s.components);
  if (!error) error = out.write("\n  }\n}\n");
  if (!error) error = out.commit();
  return s.error = error;
}

}  // namespace claimcheck
