#include "solve/map_solver.hpp"

#include <algorithm>

namespace claimcheck {

std::size_t MapSolver::add_clause(std::vector<Literal> clause) {
  if (clause.empty()) {
    blocked_everything_ = true;
    return kNoReason;
  }
  if (clause.size() == 1) {
    units_.push_back(clause[0]);
    return kNoReason;
  }
  std::size_t index = clauses_.size();
  watches_[clause[0]].push_back(index);
  watches_[clause[1]].push_back(index);
  clauses_.push_back(std::move(clause));
  return index;
}

void MapSolver::block_supersets(const std::vector<std::size_t>& set) {
  std::vector<Literal> clause;
  for (std::size_t v : set) clause.push_back(2 * v);  // at least one left out
  add_clause(std::move(clause));
}

void MapSolver::block_subsets_avoiding(const std::vector<std::size_t>& set) {
  std::vector<Literal> clause;
  for (std::size_t v : set) clause.push_back(2 * v + 1);  // at least one taken
  add_clause(std::move(clause));
}

void MapSolver::assign(Literal l, std::size_t reason) {
  std::size_t v = l / 2;
  value_[v] = static_cast<std::int8_t>(l % 2);
  level_[v] = level_starts_.size();
  reason_[v] = reason;
  trail_.push_back(v);
}

void MapSolver::backjump(std::size_t level) {
  if (level >= level_starts_.size()) return;
  std::size_t keep = level_starts_[level];
  while (trail_.size() > keep) {
    value_[trail_.back()] = kUnset;
    trail_.pop_back();
  }
  level_starts_.resize(level);
  propagated_ = std::min(propagated_, keep);
}

// Each clause watches two literals that do not fail; when one fails, the clause looks for
// another, and if there is none the other watched literal must hold.
std::size_t MapSolver::propagate() {
  while (propagated_ < trail_.size()) {
    std::size_t v = trail_[propagated_++];
    Literal failed = 2 * v + (value_[v] == 1 ? 0 : 1);
    std::vector<std::size_t>& watching = watches_[failed];
    for (std::size_t w = 0; w < watching.size();) {
      std::size_t index = watching[w];
      std::vector<Literal>& clause = clauses_[index];
      if (clause[0] == failed) std::swap(clause[0], clause[1]);
      if (holds(clause[0])) {
        ++w;
        continue;
      }
      bool moved = false;
      for (std::size_t k = 2; k < clause.size(); ++k) {
        if (fails(clause[k])) continue;
        std::swap(clause[1], clause[k]);
        watches_[clause[1]].push_back(index);
        watching[w] = watching.back();
        watching.pop_back();
        moved = true;
        break;
      }
      if (moved) continue;
      if (fails(clause[0])) return index;
      assign(clause[0], index);
      ++w;
    }
  }
  return kNoReason;
}

std::vector<MapSolver::Literal> MapSolver::analyze(std::size_t conflict, std::size_t& back_to) {
  std::vector<Literal> learned{0};  // slot for the asserting literal
  std::vector<bool> seen(variables_, false);
  std::size_t current = level_starts_.size(), open = 0, at = trail_.size();
  std::size_t implied = variables_;  // the variable whose reason is being resolved; none yet
  std::size_t clause = conflict;
  while (true) {
    for (Literal l : clauses_[clause]) {
      std::size_t v = l / 2;
      if (v == implied || seen[v] || level_[v] == 0) continue;
      seen[v] = true;
      if (level_[v] == current) ++open;
      else learned.push_back(l);  // fails now, at an earlier level
    }
    do --at;
    while (!seen[trail_[at]]);
    implied = trail_[at];
    seen[implied] = false;
    if (--open == 0) break;
    clause = reason_[implied];
  }
  learned[0] = 2 * implied + (value_[implied] == 1 ? 0 : 1);
  back_to = 0;
  for (std::size_t k = 1; k < learned.size(); ++k)
    if (level_[learned[k] / 2] > back_to) {
      back_to = level_[learned[k] / 2];
      std::swap(learned[1], learned[k]);  // watch a literal of the level returned to
    }
  return learned;
}

MapSolver::Result MapSolver::next(std::vector<std::size_t>& chosen, std::uint64_t max_decisions) {
  if (blocked_everything_) return Result::exhausted;
  value_.assign(variables_, kUnset);
  level_.assign(variables_, 0);
  reason_.assign(variables_, kNoReason);
  trail_.clear();
  level_starts_.clear();
  propagated_ = 0;
  for (Literal unit : units_) {
    if (fails(unit)) return Result::exhausted;
    if (!holds(unit)) assign(unit, kNoReason);
  }
  std::uint64_t made = 0;
  std::size_t next_free = 0;  // variables before it are assigned, or were at this level
  while (true) {
    std::size_t conflict = propagate();
    if (conflict != kNoReason) {
      if (level_starts_.empty()) return Result::exhausted;
      std::size_t back_to = 0;
      std::vector<Literal> learned = analyze(conflict, back_to);
      backjump(back_to);
      Literal asserting = learned[0];
      std::size_t reason = add_clause(std::move(learned));
      assign(asserting, reason);  // a unit clause is kept in units_ and holds at level 0
      next_free = 0;
      continue;
    }
    while (next_free < variables_ && value_[next_free] != kUnset) ++next_free;
    if (next_free == variables_) break;
    if (++made > max_decisions) return Result::gave_up;
    level_starts_.push_back(trail_.size());
    assign(2 * next_free + 1, kNoReason);  // true first: large seeds
  }
  chosen.clear();
  for (std::size_t v = 0; v < variables_; ++v)
    if (value_[v] == 1) chosen.push_back(v);
  return Result::model;
}

}  // namespace claimcheck
