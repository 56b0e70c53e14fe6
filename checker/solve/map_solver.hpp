#pragma once
// The map of MARCO: which subsets of a component's elements are still unexplored, as clauses
// over one Boolean per element. A small CDCL search (two watched literals, first-UIP clause
// learning, backjumping) that decides variables in index order and tries `true` first, so the
// seeds it proposes are large. Plain C++ and deterministic: the same clauses added in the same
// order always give the same models.
#include <cstdint>
#include <vector>

namespace claimcheck {

class MapSolver {
 public:
  explicit MapSolver(std::size_t variables) : variables_(variables), watches_(2 * variables) {}

  // Block every superset of `set` (a minimal conflict): not all of them may be chosen again.
  void block_supersets(const std::vector<std::size_t>& set);
  // Block every subset of the complement of `set` (`set` is a minimal correction): at least one
  // of them must be chosen.
  void block_subsets_avoiding(const std::vector<std::size_t>& set);

  enum class Result { model, exhausted, gave_up };
  // A model, as the chosen elements, in `chosen`; `exhausted` when no subset is left; `gave_up`
  // after `max_decisions` decisions (the search is exponential in the worst case).
  Result next(std::vector<std::size_t>& chosen, std::uint64_t max_decisions = 10'000'000);

 private:
  // A literal is 2 * variable + (1 when it asks for true); it holds when the variable has that value.
  using Literal = std::size_t;
  static constexpr std::int8_t kUnset = -1;

  std::size_t variables_;
  std::vector<std::vector<Literal>> clauses_;       // the first two literals are watched
  std::vector<std::vector<std::size_t>> watches_;   // per literal: clauses watching it
  std::vector<Literal> units_;
  bool blocked_everything_ = false;                 // an empty clause: nothing is left

  // Search state, rebuilt by every next(). Learned clauses follow from the others and are kept.
  static constexpr std::size_t kNoReason = static_cast<std::size_t>(-1);
  std::vector<std::int8_t> value_;
  std::vector<std::size_t> level_, reason_;  // per variable: decision level, implying clause
  std::vector<std::size_t> trail_;           // assigned variables, in order
  std::vector<std::size_t> level_starts_;    // trail_ size when each decision level began
  std::size_t propagated_ = 0;               // trail_ entries whose consequences are done

  std::size_t add_clause(std::vector<Literal> clause);  // index, or kNoReason for units and empty
  bool holds(Literal l) const { return value_[l / 2] == static_cast<std::int8_t>(l % 2); }
  bool fails(Literal l) const { return value_[l / 2] == static_cast<std::int8_t>(1 - l % 2); }
  void assign(Literal l, std::size_t reason);
  std::size_t propagate();  // the clause whose literals all fail, or kNoReason
  void backjump(std::size_t level);
  // First-UIP learning: the clause to learn from `conflict`, asserting literal first, and the
  // level to return to.
  std::vector<Literal> analyze(std::size_t conflict, std::size_t& back_to);
};

}  // namespace claimcheck
