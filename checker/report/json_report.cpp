#include <algorithm>
#include <future>

#include "model/parallel.hpp"
#include "report/json_parts.hpp"
#include "report/report.hpp"

namespace claimcheck {

namespace json_parts {

static void write_interval(JsonWriter& w, const Interval& i, const Variable& var) {
  w.begin_object();
  w.member("text", interval_text(i, var));
  for (const auto& [name, bound] : {std::pair{"lower", &i.lo}, std::pair{"upper", &i.hi}}) {
    if (!*bound) continue;
    w.key(name).begin_object();
    w.member("value", to_fraction_string((*bound)->value)).member("strict", (*bound)->strict);
    w.end_object();
  }
  w.end_object();
}

static void write_claim(JsonWriter& w, const CheckResult& r, int c) {
  const Claim& claim = r.claims[c];
  w.begin_object();
  w.member("id", claim.qualified_id())
      .member("document", claim.raw.document)
      .member("said_by", claim.said_by)
      .member("at", claim.raw.at)
      .member("quote", claim.raw.quote)
      .member("fact", claim.raw.fact)
      .member("modality", to_string(claim.raw.modality))
      .member("weight", claim.weight)
      .member("location", to_string(claim.raw.loc));
  if (int first = r.problem.representative(c); first != c) w.member("restates", r.claims[first].qualified_id());
  w.key("facts").begin_array();
  for (std::size_t a = 0; a < claim.atoms.size(); ++a) {
    const Atom& atom = claim.atoms[a];
    w.begin_object();
    w.member("key", atom.key.text());
    if (atom.kind == AtomKind::proposition) {
      w.member("holds", atom.polarity);
    } else {
      w.key("interval");
      write_interval(w, atom.interval, r.problem.variables[r.problem.atoms_of(c)[a].var]);
    }
    w.member("wording", atom.wording);
    w.end_object();
  }
  w.end_array();
  if (const auto& note = claim.raw.extras.get().note; !note.empty()) w.member("note", note);
  if (!claim.related.get().empty()) w.member("related", claim.related.get());
  w.end_object();
}

// The members a suppression is shown with; the caller opens and closes the object.
static void write_suppression_members(JsonWriter& w, const Suppression& s) {
  w.member("by", s.by).member("why", s.why).member("date", iso(s.date));
}

ReportCounts report_counts(const CheckResult& r, const Vocabulary& vocab) {
  ReportCounts n;
  n.claims = r.claims.size();
  n.rules = vocab.rules.size();
  n.rule_instances = r.problem.instances.size();
  n.components = r.components.size();
  for (const auto& o : r.outcomes) {
    n.consistent += o.status == Status::consistent ? 1 : 0;
    n.inconsistent += o.status == Status::inconsistent ? 1 : 0;
    n.unknown += o.status == Status::unknown ? 1 : 0;
  }
  n.findings = r.findings.size();
  n.suppressed = suppressed_findings(r);
  return n;
}

void write_summary(JsonWriter& w, const ReportCounts& n) {
  w.begin_object();
  w.member("claims", n.claims)
      .member("rules", n.rules)
      .member("rule_instances", n.rule_instances)
      .member("components", n.components)
      .member("consistent", n.consistent)
      .member("inconsistent", n.inconsistent)
      .member("unknown", n.unknown)
      .member("findings", n.findings)
      .member("suppressed", n.suppressed);
  w.end_object();
}

void write_document(JsonWriter& w, const Document& d) {
  w.begin_object();
  w.member("id", d.id).member("title", d.title).member("author", d.author).member("published", iso(d.published));
  if (d.covers) w.member("covers", label(*d.covers));
  w.member("file", d.file);
  w.end_object();
}

void write_finding(JsonWriter& w, const CheckResult& r, const Vocabulary& vocab, const Finding& f, int first_component) {
  w.begin_object();
  w.member("fingerprint", f.fingerprint).member("kind", to_string(f.kind)).member("component", first_component + f.component - 1);
  w.key("rules").begin_array();
  for (const auto& id : f.rule_ids) {
    w.begin_object();
    w.member("id", id);
    if (const RuleSpec* spec = vocab.rule(id)) w.member("kind", to_string(spec->kind)).member("description", spec->description);
    w.end_object();
  }
  w.end_array();
  w.key("claims").begin_array();
  for (int c : f.claims) write_claim(w, r, c);
  w.end_array();
  w.member("numbers", f.numbers).member("caveats", f.caveats);
  if (f.kind == FindingKind::unknown) w.member("reason", f.unknown_reason);
  for (const auto& [name, factor] : {std::pair{"widening", &f.widening}, std::pair{"rounding_widening", &f.rounding_widening}}) {
    if (!*factor) continue;
    w.key(name).begin_object();
    w.member("factor", to_fraction_string(**factor)).member("text", to_display(**factor));
    w.end_object();
  }
  if (f.suppressed) {
    w.key("suppressed").begin_object();
    write_suppression_members(w, *f.suppressed);
    w.end_object();
  }
  if (!f.since.empty()) w.member("since", f.since);
  w.end_object();
}

void write_comparison(JsonWriter& w, const CheckResult& r, const Comparison& c, int first_component) {
  w.begin_object();
  w.member("fingerprint", c.fingerprint)
      .member("component", first_component + c.component - 1)
      .member("rule", c.rule_id)
      .member("instance", c.instance)
      .member("claims_allow", c.bounds)
      .member("witness", c.witness)
      .member("witness_source", r.outcomes[c.component - 1].witness_source)
      .member("caveats", c.caveats);
  w.end_object();
}

void write_corroboration(JsonWriter& w, const CheckResult& r, const Corroboration& co) {
  w.begin_object();
  w.member("key", r.problem.variables[co.var].key.text())
      .member("claims", co.claims.size())
      .member("agree", co.agree)
      .member("independent_families", co.families.size());
  w.key("families").begin_array();
  for (const auto& family : co.families) {
    w.begin_array();
    for (int c : family) w.value(r.claims[c].qualified_id());
    w.end_array();
  }
  w.end_array();
  w.end_object();
}

// Claims by their qualified ids.
static void write_claim_ids(JsonWriter& w, const CheckResult& r, const std::vector<int>& claims) {
  w.begin_array();
  for (int c : claims) w.value(r.claims[c].qualified_id());
  w.end_array();
}

void write_component(JsonWriter& w, const CheckResult& r, std::size_t k, int first_component) {
  const auto& comp = r.components[k];
  const Outcome& o = r.outcomes[k];
  w.begin_object();
  w.member("id", first_component + comp.id - 1);
  w.key("claims");
  write_claim_ids(w, r, r.problem.with_restatements(comp.claims));
  w.member("rule_instances", comp.instances.size()).member("outcome", to_string(o.status));
  if (o.status == Status::consistent) w.member("witness_source", o.witness_source);
  if (o.status == Status::unknown) w.member("reason", o.unknown_reason);
  if (o.status == Status::inconsistent) {
    w.key("doubt").begin_array();
    for (const Repair& repair : o.repairs) {
      w.begin_object();
      w.key("claims");
      write_claim_ids(w, r, r.problem.with_restatements(repair.claims));
      if (!repair.instances.empty()) {
        w.key("soft_rules").begin_array();
        for (int i : repair.instances) w.value(r.problem.instances[i].rule_id);
        w.end_array();
      }
      w.member("weight", repair.weight);
      w.key("resolves").begin_object();
      for (int c : repair.claims) w.member(r.claims[c].qualified_id(), conflicts_containing(o, c));
      w.end_object();
      w.end_object();
    }
    w.end_array();
    w.member("doubt_is_cheapest", o.repairs_optimal);
    if (!o.repairs_note.empty()) w.member("doubt_note", o.repairs_note);
    w.member("conflicts", o.conflicts.size()).member("enumeration_complete", o.enumeration_complete);
    if (!o.enumeration_complete) w.member("enumeration_note", o.enumeration_note);
  }
  w.member("solver_checks", o.solver_checks);
  w.end_object();
}

}  // namespace json_parts

namespace {

// Chunks of JSON text for `write`, each handed over on a thread of its own while the next is
// made; in order, since a chunk waits for the one before.
class ChunkWriter {
 public:
  explicit ChunkWriter(const std::function<bool(std::string_view)>& write) : write_(write) {}
  ~ChunkWriter() {
    if (pending_.valid()) pending_.wait();  // unwinding: the chunk's result no longer matters
  }
  // Hands `text` over and leaves it empty; after a failed write, drops it.
  void hand_over(std::string& text) {
    if (finish()) pending_ = std::async(std::launch::async, [this, chunk = std::move(text)]() { return write_(chunk); });
    text.clear();
  }
  // Whether a chunk is known not to have been written, without waiting for the last one.
  bool failed() const { return !ok_; }
  // Whether everything handed over was written.
  bool finish() {
    if (pending_.valid()) ok_ = pending_.get() && ok_;
    return ok_;
  }

 private:
  const std::function<bool(std::string_view)>& write_;
  std::future<bool> pending_;
  bool ok_ = true;
};

// Items per chunk of a corpus-sized section: enough to keep the threads busy, few enough that a
// chunk's text stays a few megabytes.
constexpr std::size_t kChunkItems = 4096;

}  // namespace

bool write_json_report(const CheckResult& r, const Vocabulary& vocab, unsigned threads,
                       const std::function<bool(std::string_view)>& write) {
  using namespace json_parts;
  std::string text;
  JsonWriter w(text);
  ChunkWriter out(write);
  // A corpus-sized array, its items made on the threads a chunk at a time, each as it prints
  // `depth` spaces deep.
  std::vector<std::string> items;
  auto array = [&](const char* name, std::size_t n, int depth, auto&& write_item) {
    w.key(name).begin_array();
    // After a failed write the rest is not made: nothing would take it.
    for (std::size_t from = 0; from < n && !out.failed(); from += kChunkItems) {
      std::size_t count = std::min(kChunkItems, n - from);
      items.assign(count, std::string());
      for_each_index(count, threads, [&](std::size_t k) {
        items[k] = item_text(depth, [&](JsonWriter& iw) { write_item(iw, from + k); });
      });
      std::size_t size = text.size();
      for (const auto& item : items) size += item.size() + static_cast<std::size_t>(depth) + 2;
      text.reserve(size);
      for (const auto& item : items) w.preformatted(item);
      out.hand_over(text);
    }
    w.end_array();
  };

  w.begin_object();
  w.member("schema", kReportSchema);
  w.key("documents").begin_array();
  for (const auto& d : r.documents) write_document(w, d);
  w.end_array();
  w.key("summary");
  write_summary(w, report_counts(r, vocab));
  if (!r.history.file.empty()) {
    w.key("history").begin_object();
    w.member("file", r.history.file).member("run", r.history.run).key("previous_run");
    if (r.history.previous_run == 0) w.null();
    else w.value(r.history.previous_run);
    auto since = [&](const char* which) {
      return std::count_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.since == which; });
    };
    w.member("new", since("new")).member("persisting", since("persisting"));
    w.key("resolved").begin_array();
    for (const auto& gone : r.history.resolved) {
      w.begin_object();
      w.member("fingerprint", gone.fingerprint)
          .member("kind", gone.kind)
          .member("rules", gone.rules)
          .member("claims", gone.claims)
          .member("suppressed", gone.suppressed);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  if (!r.baseline_file.empty()) {
    w.key("baseline").begin_object();
    w.member("file", r.baseline_file).member("omitted", r.baseline_omitted);
    w.end_object();
  }
  if (!r.stale_suppressions.empty()) {
    w.key("stale_suppressions").begin_array();
    for (const auto& s : r.stale_suppressions) {
      w.begin_object();
      write_suppression_members(w, s);
      w.member("fingerprint", s.fingerprint).member("at", to_string(s.loc));
      w.end_object();
    }
    w.end_array();
  }
  array("findings", r.findings.size(), 4,
        [&](JsonWriter& iw, std::size_t k) { write_finding(iw, r, vocab, r.findings[k], 1); });
  array("comparisons", r.comparisons.size(), 4,
        [&](JsonWriter& iw, std::size_t k) { write_comparison(iw, r, r.comparisons[k], 1); });
  array("corroboration", r.corroborations.size(), 4,
        [&](JsonWriter& iw, std::size_t k) { write_corroboration(iw, r, r.corroborations[k]); });
  w.key("coverage").begin_object();
  w.member("claims_checked", r.claims.size());
  w.key("untouched_claims").begin_array();
  for (int c : r.untouched_claims) w.value(r.claims[c].qualified_id());
  w.end_array();
  array("components", r.components.size(), 6, [&](JsonWriter& iw, std::size_t k) { write_component(iw, r, k, 1); });
  w.end_object();
  w.end_object();
  text += '\n';
  out.hand_over(text);
  return out.finish();
}

std::string json_report(const CheckResult& r, const Vocabulary& vocab, unsigned threads) {
  std::string whole;
  write_json_report(r, vocab, threads, [&](std::string_view piece) {
    whole += piece;
    return true;
  });
  return whole;
}

}  // namespace claimcheck
