#include <fmt/format.h>

#include <algorithm>

#include "report/report.hpp"

namespace claimcheck {

namespace {

std::string counted(std::size_t n, const std::string& noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string modality_note(Modality m) {
  switch (m) {
    case Modality::estimates: return "estimate";
    case Modality::no_evidence: return "says it saw no evidence: weaker than a denial";
    case Modality::speculation: return "reports speculation";
    default: return "";
  }
}

}  // namespace

std::string suppression_note(const Suppression& s) {
  return fmt::format("accepted as known by {} on {}: {}", s.by, iso(s.date), s.why);
}

std::string markdown_report(const CheckResult& r, const Vocabulary& vocab) {
  std::string out;
  auto count = [&](FindingKind k) {
    return std::count_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.kind == k; });
  };
  auto status_count = [&](Status s) {
    return std::count_if(r.outcomes.begin(), r.outcomes.end(), [&](const Outcome& o) { return o.status == s; });
  };
  long contradictions = count(FindingKind::contradiction), tensions = count(FindingKind::tension),
       caveats = count(FindingKind::caveat), unknowns = count(FindingKind::unknown);
  out += "# claimcheck report\n\n";
  out += fmt::format("{}, {}, {}, {}, {}.\n\n", counted(r.documents.size(), "document"),
                     counted(r.claims.size(), "claim"), counted(vocab.rules.size(), "rule"),
                     counted(r.problem.instances.size(), "grounded rule instance"),
                     counted(r.components.size(), "component"));
  if (contradictions == 0 && tensions == 0 && caveats == 0 && unknowns == 0)
    out += "**Result: consistent.** Every component was checked and has values that satisfy all of its claims and rules.\n\n";
  else
    out += fmt::format("**Result: {}, {}, {}, {} undecided.**\n\n", counted(contradictions, "contradiction"),
                       counted(tensions, "tension"), counted(caveats, "caveat"), unknowns);
  long suppressed = suppressed_findings(r);
  if (suppressed > 0)
    out += fmt::format("{} of these {} accepted as known (suppressed) and stay listed below, marked.\n\n",
                       suppressed, suppressed == 1 ? "is" : "are");
  for (const auto& s : r.stale_suppressions)
    out += fmt::format("The suppression of `{}` ({}) names no finding of this run.\n\n", s.fingerprint, to_string(s.loc));
  if (!r.history.file.empty()) {
    long fresh = std::count_if(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.since == "new"; });
    if (r.history.previous_run == 0)
      out += fmt::format("Run {} in the history `{}`, the first of these claim sets: every finding is new.\n\n",
                         r.history.run, r.history.file);
    else
      out += fmt::format("Run {} in the history `{}`. Since run {}, the previous run of these claim sets: {} new, {} "
                         "persisting, {} resolved.\n\n",
                         r.history.run, r.history.file, r.history.previous_run, fresh,
                         static_cast<long>(r.findings.size()) - fresh, r.history.resolved.size());
    if (!r.history.resolved.empty()) {
      out += fmt::format("Resolved since run {}:\n\n", r.history.previous_run);
      for (const auto& gone : r.history.resolved)
        out += fmt::format("- `{}` {} by {}: {}\n", gone.fingerprint, gone.kind, gone.rules, gone.claims);
      out += "\n";
    }
  }
  if (!r.baseline_file.empty())
    out += fmt::format("Only findings new since the baseline `{}` are listed: {} also in it {} left out.\n\n",
                       r.baseline_file, counted(r.baseline_omitted, "finding"), r.baseline_omitted == 1 ? "is" : "are");

  out += "## Documents\n\n| id | title | author | published | covers | claims |\n|---|---|---|---|---|---|\n";
  for (const auto& d : r.documents) {
    long n = std::count_if(r.claims.begin(), r.claims.end(), [&](const Claim& c) { return c.raw.document == d.id; });
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell(d.id), cell(d.title), cell(d.author), iso(d.published),
                       d.covers ? label(*d.covers) : "", n);
  }

  out += "\n## Findings\n\n";
  out += "Each contradiction is a minimal set: drop any one of its claims and the rest can hold together. Every "
         "minimal set of every component is listed, unless the coverage table says its enumeration stopped at a "
         "limit.\n\n";
  for (std::size_t k = 0; k < r.components.size(); ++k)
    if (!r.outcomes[k].enumeration_complete)
      out += fmt::format("**Component {}: {}.** More minimal conflicts may exist; raise --max-conflicts or --rlimit to "
                         "list them.\n\n",
                         r.components[k].id, r.outcomes[k].enumeration_note);
  int number = 0;
  for (FindingKind kind : {FindingKind::contradiction, FindingKind::tension, FindingKind::caveat, FindingKind::unknown}) {
    long n = count(kind);
    const char* title = kind == FindingKind::contradiction ? "Contradictions"
                        : kind == FindingKind::tension     ? "Tensions (consistent only with wider tolerances)"
                        : kind == FindingKind::caveat      ? "Caveats (conflicts that compare different definitions or periods)"
                                                           : "Undecided";
    out += fmt::format("### {} ({})\n\n", title, n);
    if (n == 0) out += "None.\n\n";
    for (const auto& f : r.findings) {
      if (f.kind != kind) continue;
      ++number;
      out += fmt::format("#### {}. `{}` (component {}{}{})\n\n", number, f.fingerprint, f.component,
                         f.since.empty() ? "" : ", " + f.since, f.suppressed ? ", suppressed" : "");
      if (f.suppressed) {
        std::string note = suppression_note(*f.suppressed);
        out += fmt::format("**Suppressed:** {}{}\n\n", note, note.back() == '.' ? "" : ".");
      }
      if (kind == FindingKind::unknown) {
        out += fmt::format("Not decided, so neither consistent nor contradictory: {}\n\n", f.unknown_reason);
      } else {
        long facts = std::count_if(f.claims.begin(), f.claims.end(), [&](int c) { return r.problem.representative(c) == c; });
        if (f.claims.empty()) out += "The rules below contradict each other, whatever the claims say:\n\n";
        else if (facts == 1 && f.claims.size() == 1) out += "This claim cannot be true under the rules below:\n\n";
        else if (facts == 1) out += fmt::format("These {} claims state one fact, which cannot be true under the rules below:\n\n", f.claims.size());
        else if (facts == static_cast<long>(f.claims.size()))
          out += fmt::format("These {} claims cannot all be true; drop any one and the rest can:\n\n", f.claims.size());
        else
          out += fmt::format("These {} claims state {} facts that cannot all be true; drop any one fact (every claim "
                             "stating it) and the rest can:\n\n", f.claims.size(), facts);
        std::vector<std::string> sources;
        for (int c : f.claims) {
          std::string who = vocab.entity_label(r.claims[c].said_by);
          if (std::find(sources.begin(), sources.end(), who) == sources.end()) sources.push_back(who);
        }
        if (sources.size() == 1) out += fmt::format("One source: {}.\n\n", sources[0]);
        if (sources.size() > 1) out += fmt::format("Sources in conflict: {}.\n\n", fmt::join(sources, " vs "));
        for (const auto& id : f.rule_ids) {
          const RuleSpec* spec = vocab.rule(id);
          out += fmt::format("- Rule **{}** ({}): {}\n", id, spec ? to_string(spec->kind) : "?",
                             spec ? spec->description : "");
        }
        for (const auto& caveat : f.caveats) out += fmt::format("- Caveat: {}\n", caveat);
        out += "\n";
      }
      out += "| claim | said by | document | at | quote | fact |\n|---|---|---|---|---|---|\n";
      for (int c : f.claims) {
        const Claim& claim = r.claims[c];
        std::string said = vocab.entity_label(claim.said_by);
        std::string note = modality_note(claim.raw.modality);
        if (!note.empty()) said += " — " + note;
        std::string id = claim.raw.id;
        if (int first = r.problem.representative(c); first != c) id += " (restates " + r.claims[first].raw.id + ")";
        out += fmt::format("| {} | {} | {} | {} | \"{}\" | `{}` |\n", cell(id), cell(said), cell(claim.raw.document),
                           cell(claim.raw.at), cell(claim.raw.quote), cell(claim.raw.fact));
      }
      if (!f.numbers.empty()) {
        out += "\nThe numbers:\n\n";
        // Lines that start with two spaces detail the line before.
        for (const auto& line : f.numbers)
          out += line.rfind("  ", 0) == 0 ? "  - " + line.substr(2) + "\n" : "- " + line + "\n";
      }
      for (int c : f.claims) {
        const Claim& claim = r.claims[c];
        if (const auto& note = claim.raw.extras.get().note; !note.empty())
          out += fmt::format("\nCurator's note on {}: {}\n", claim.raw.id, note);
        if (!claim.related.get().empty())
          out += fmt::format("\nRelated to {}: {}\n", claim.raw.id, fmt::join(claim.related.get(), ", "));
      }
      out += "\n";
    }
  }

  out += "## Corroboration\n\n";
  out += "Facts that more than one claim states, grouped by source family (sources joined through part_of speak "
         "for one family). Repetition within a family is not corroboration; agreement between independent families "
         "is.\n\n";
  if (r.corroborations.empty()) out += "None.\n\n";
  for (const auto& co : r.corroborations) {
    const Variable& var = r.problem.variables[co.var];
    std::vector<std::string> groups;
    for (const auto& family : co.families) {
      std::vector<std::string> members;
      for (int c : family) members.push_back(fmt::format("{} ({})", r.claims[c].raw.id, r.claims[c].said_by));
      groups.push_back("[" + fmt::format("{}", fmt::join(members, ", ")) + "]");
    }
    std::string verdict = !co.agree            ? "they disagree (see the findings)"
                          : co.families.size() > 1 ? fmt::format("corroborated by {} independent source families",
                                                                 co.families.size())
                                                   : "repeated within one source family, not corroborated";
    std::string allow = var.type == ValueType::boolean || !co.agree ? ""
                                                                    : "; together they allow " + interval_text(co.together, var);
    out += fmt::format("- `{}`: {} claims, {}{}: {}\n", var.key.text(), co.claims.size(), verdict, allow,
                       fmt::join(groups, " "));
  }
  out += "\n## Which claims to doubt\n\n";
  out += "For each inconsistent component, the sets of claims whose removal makes it consistent at the least cost "
         "(a claim costs its source's reliability weight), every tie, and how many of the component's minimal "
         "conflicts doubting each claim resolves. Claims that state the same fact are doubted together; the fact "
         "costs the heaviest claim of each independent source family, added up.\n\n";
  bool any_repair = false;
  for (std::size_t k = 0; k < r.components.size(); ++k) {
    const Outcome& o = r.outcomes[k];
    if (o.status != Status::inconsistent) continue;
    any_repair = true;
    out += fmt::format("### Component {} ({})\n\n", r.components[k].id, counted(o.conflicts.size(), "minimal conflict"));
    for (const Repair& repair : o.repairs) {
      std::vector<std::string> names;
      for (int c : repair.claims) {
        std::string name = fmt::format("**{}** ({}, weight {})", r.claims[c].qualified_id(),
                                       vocab.entity_label(r.claims[c].said_by), r.claims[c].weight);
        if (c < static_cast<int>(r.problem.restated_by.size()) && !r.problem.restated_by[c].empty()) {
          std::vector<std::string> again;
          for (int k : r.problem.restated_by[c])
            again.push_back(fmt::format("{} ({}, weight {})", r.claims[k].qualified_id(),
                                        vocab.entity_label(r.claims[k].said_by), r.claims[k].weight));
          name += fmt::format(" with its restatements {}: weight {} for the fact", fmt::join(again, ", "),
                              r.problem.claim_weights[c]);
        }
        names.push_back(name);
      }
      for (int i : repair.instances) names.push_back(fmt::format("soft rule **{}**", r.problem.instances[i].rule_id));
      out += fmt::format("- Doubt {}: total weight {}{}\n", fmt::join(names, " and "), repair.weight,
                         o.repairs_optimal ? "" : " (minimal, not proven cheapest)");
      for (int c : repair.claims) {
        out += fmt::format("  - doubting {} resolves {} of {} conflicts\n", r.claims[c].raw.id,
                           conflicts_containing(o, c), o.conflicts.size());
      }
    }
    if (!o.repairs_note.empty()) out += fmt::format("\n{}.\n", o.repairs_note);
    out += "\n";
  }
  if (!any_repair) out += "Nothing to doubt: every component is consistent.\n\n";

  out += "## Checked comparisons\n\n";
  out += "Rule instances in consistent components, with the values the claims allow and values that satisfy them all.\n\n";
  if (r.comparisons.empty()) out += "None.\n\n";
  for (const auto& c : r.comparisons) {
    out += fmt::format("- **{}** (component {}, `{}`): `{}`\n", c.rule_id, c.component, c.fingerprint, c.instance);
    out += fmt::format("  - the claims allow: {}\n", c.bounds);
    std::string source = r.outcomes[c.component - 1].witness_source;
    out += fmt::format("  - satisfied by ({}): {}\n", source, c.witness);
    for (const auto& caveat : c.caveats) out += fmt::format("  - caveat: {}\n", caveat);
  }

  out += "\n## Coverage\n\n";
  out += fmt::format("- Claims checked: {} of {}\n", r.claims.size(), r.claims.size());
  out += fmt::format("- Components: {} ({} consistent, {} inconsistent, {} undecided)\n", r.components.size(),
                     status_count(Status::consistent), status_count(Status::inconsistent), status_count(Status::unknown));
  out += fmt::format("- Claims no rule touched and no other claim shares a key with: {} (each checked on its own)\n",
                     r.untouched_claims.size());
  if (!r.untouched_claims.empty()) {
    std::vector<std::string> ids;
    for (int c : r.untouched_claims) ids.push_back(r.claims[c].qualified_id());
    out += "  - " + fmt::format("{}", fmt::join(ids, ", ")) + "\n";
  }
  out += "\n| component | claims | rule instances | outcome | solver checks |\n|---|---|---|---|---|\n";
  for (std::size_t k = 0; k < r.components.size(); ++k) {
    const auto& comp = r.components[k];
    std::vector<std::string> ids;
    for (int c : r.problem.with_restatements(comp.claims)) ids.push_back(r.claims[c].qualified_id());
    const Outcome& o = r.outcomes[k];
    std::string outcome = to_string(o.status);
    if (o.status == Status::consistent) outcome += " (" + o.witness_source + ")";
    if (o.status == Status::inconsistent)
      outcome += o.enumeration_complete ? fmt::format(" ({}, all)", counted(o.conflicts.size(), "minimal conflict"))
                                        : " (" + o.enumeration_note + ")";
    out += fmt::format("| {} | {} | {} | {} | {} |\n", comp.id, cell(fmt::format("{}", fmt::join(ids, ", "))),
                       comp.instances.size(), outcome, o.solver_checks);
  }
  return out;
}

}  // namespace claimcheck
