#pragma once
// What flows after normalize: grounded constraints, components, solver outcomes, findings.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/claim.hpp"
#include "model/expr.hpp"

namespace claimcheck {

struct RuleInstance {
  std::string rule_id;
  RuleKind kind = RuleKind::constraint;
  Expr expr;
  std::vector<int> vars;
  std::optional<int> claim;  // set when the instance only holds together with this claim
  bool soft = false;         // from a soft rule: a minimal conflict may name it, like a claim
  int weight = 1;            // soft instances: the cost of doubting the rule here
  // proxy instances: what differs between the two figures it equates (definition or period)
  std::string caveat;
};

// One fact of a claim, grounded: the variable of its key and what the claim says of it.
struct GroundAtom {
  int var = -1;
  Interval interval;                        // quantities, events (day numbers), rates
  std::optional<bool> polarity;             // propositions
  std::optional<Rational> center;           // see Atom::center
  std::optional<Rational> rounding_center;  // see Atom::rounding_center
};
// Which of an atom's centers a widening scales its interval about.
using CenterOf = std::optional<Rational> GroundAtom::*;

// The claims' facts and the grounded rules as constraints over shared variables. A claim's
// constraint is the conjunction of its atoms (claim_condition); it is not stored, because at a
// million claims the expression trees alone took more memory than the atoms.
struct GroundProblem {
  std::vector<Variable> variables;
  // Every claim's atoms, flat and in claim order: claim c holds atoms [atom_begin[c], atom_begin[c + 1]).
  std::vector<GroundAtom> atoms;
  std::vector<std::size_t> atom_begin{0};
  std::vector<int> claim_weights;            // per claim: the cost of doubting it (first claims: see below)
  std::vector<RuleInstance> instances;

  // Claims that state exactly the same fact (the same keys with the same intervals and truth
  // values, and the same claim-bound rule instances) are one element for the solver: the first
  // such claim stands for the others, and its weight is the cost of doubting them all.
  std::vector<int> stands_for;                // per claim; empty: every claim stands for itself
  std::vector<std::vector<int>> restated_by;  // per claim: the later claims it stands for
  int representative(int claim) const { return stands_for.empty() ? claim : stands_for[claim]; }

  std::size_t claim_count() const { return atom_begin.size() - 1; }
  std::span<const GroundAtom> atoms_of(int claim) const {
    return {atoms.data() + atom_begin[claim], atoms.data() + atom_begin[claim + 1]};
  }
  std::vector<int> claim_vars(int claim) const;  // sorted, unique
  Expr claim_condition(int claim) const;         // the conjunction of its atoms
  // `claims` (first claims) and every claim that restates one of them, sorted.
  std::vector<int> with_restatements(const std::vector<int>& claims) const;
};

// Claims that share variables directly or through rule instances; solved on their own.
struct Component {
  int id = 0;                  // 1-based, in order of the smallest claim index
  std::vector<int> claims;     // sorted; first claims only: the solver's elements
  std::vector<int> restated;   // sorted: claims that restate one of `claims`
  std::vector<int> instances;  // sorted
  std::vector<int> vars;       // sorted
};

enum class Status { consistent, inconsistent, unknown };
std::string to_string(Status status);

struct Conflict {
  std::vector<int> claims;     // a minimal conflicting set, claim indices
  std::vector<int> instances;  // the rule instances it needs, a minimal set (soft ones are part of the set)
  // The least factor by which widening every tolerance of these claims (rounding, qualifiers)
  // lets them hold together; nullopt when no widening does (exact bounds, propositions, dates).
  std::optional<Rational> widening;
  // Without a qualifier to widen: the least factor by which widening the rounding of the
  // figures lets them hold together (how far beyond its rounding a contradiction lies).
  std::optional<Rational> rounding_widening;
};

// Claims (and soft rule instances) whose removal makes a component consistent, at least cost.
struct Repair {
  std::vector<int> claims;
  std::vector<int> instances;
  long weight = 0;
};

struct Outcome {
  Status status = Status::unknown;
  // Every minimal conflicting set (MUS) over the claims and soft rule instances, smallest first,
  // unless enumeration stopped early: then the ones found, and `enumeration_note` says why.
  std::vector<Conflict> conflicts;
  // Minimal correction sets found (claim indices; soft instances left out): removing one makes
  // the component consistent. All of them when the enumeration is complete.
  std::vector<std::vector<int>> corrections;
  bool enumeration_complete = true;
  std::string enumeration_note;
  // The minimum-weight corrections, every tie (up to a limit), found with Z3's optimizer. When
  // the optimizer gives up: one correction grown greedily by weight, minimal but maybe not the
  // cheapest, and `repairs_optimal` is false.
  std::vector<Repair> repairs;
  bool repairs_optimal = true;
  std::string repairs_note;
  Assignment witness;                   // consistent: values that satisfy every claim and rule
  std::string witness_source;           // "exact check" or "z3 model"
  std::string unknown_reason;
  std::uint64_t solver_checks = 0;
  bool interrupted = false;  // the run was stopped before this component was finished
};

// contradiction: no value fits even with the tolerances widened to the widest allowed;
// tension: the claims fit only with wider tolerances than configured (the finding says how much);
// caveat: the conflict needs a proxy, i.e. it compares figures of different definitions or
// periods as if they were the same, so it may say more about the comparison than the claims.
enum class FindingKind { contradiction, tension, caveat, unknown };
std::string to_string(FindingKind kind);

// A finding accepted as known, by fingerprint, with who accepted it, why and when.
struct Suppression {
  std::string fingerprint;
  std::string by;
  std::string why;
  Date date;
  SourceLoc loc;
};

struct Finding {
  std::string fingerprint;
  FindingKind kind = FindingKind::contradiction;
  int component = 0;
  std::vector<int> claims;
  std::vector<std::string> rule_ids;   // sorted, unique
  std::vector<std::string> numbers;    // the arithmetic that breaks, one line each
  std::optional<Rational> widening;    // see Conflict::widening
  std::optional<Rational> rounding_widening;  // see Conflict::rounding_widening
  std::vector<std::string> caveats;    // from the proxies the conflict needs
  std::string unknown_reason;
  std::optional<Suppression> suppressed;  // accepted as known: shown, but not counted as open
  std::string since;  // with a run history: "new" or "persisting" since the previous run; else ""
};

// A grounded rule checked in a consistent component, with the values that satisfy it.
struct Comparison {
  std::string fingerprint;   // from the rule id, the instance and the claims it touches
  int component = 0;
  std::vector<int> claims;   // the component's claims whose keys the instance mentions
  int instance_index = 0;   // into GroundProblem::instances
  std::string rule_id;
  std::string instance;      // with keys
  std::string bounds;        // with the claims' intervals
  std::string witness;       // with witness values
  std::vector<int> proxies;  // proxy instances that bring claims of another definition or period in
  std::vector<std::string> caveats;  // theirs
};

}  // namespace claimcheck
