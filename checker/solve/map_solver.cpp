#include "solve/map_solver.hpp"

namespace claimcheck {

namespace {
constexpr std::int8_t kUnset = -1;
}

void MapSolver::block_supersets(const std::vector<std::size_t>& set) { clauses_.push_back({set, false}); }

void MapSolver::block_subsets_avoiding(const std::vector<std::size_t>& set) { clauses_.push_back({set, true}); }

// Unit propagation to a fixed point; false on a clause that can no longer be satisfied.
bool MapSolver::propagate(std::vector<std::int8_t>& value) const {
  bool changed = true;
  while (changed) {
    changed = false;
    for (const Clause& clause : clauses_) {
      std::int8_t wanted = clause.positive ? 1 : 0;
      std::size_t open = 0, last_open = 0;
      bool satisfied = false;
      for (std::size_t v : clause.vars) {
        if (value[v] == wanted) {
          satisfied = true;
          break;
        }
        if (value[v] == kUnset) {
          ++open;
          last_open = v;
        }
      }
      if (satisfied) continue;
      if (open == 0) return false;
      if (open == 1) {
        value[last_open] = wanted;
        changed = true;
      }
    }
  }
  return true;
}

bool MapSolver::search(std::vector<std::int8_t>& value, std::uint64_t max_decisions, bool& gave_up) {
  if (!propagate(value)) return false;
  std::size_t v = 0;
  while (v < variables_ && value[v] != kUnset) ++v;
  if (v == variables_) return true;
  for (std::int8_t choice : {std::int8_t(1), std::int8_t(0)}) {  // true first: large seeds
    if (++decisions_ > max_decisions) {
      gave_up = true;
      return false;
    }
    std::vector<std::int8_t> attempt = value;
    attempt[v] = choice;
    if (search(attempt, max_decisions, gave_up)) {
      value = std::move(attempt);
      return true;
    }
    if (gave_up) return false;
  }
  return false;
}

MapSolver::Result MapSolver::next(std::vector<std::size_t>& chosen, std::uint64_t max_decisions) {
  std::vector<std::int8_t> value(variables_, kUnset);
  bool gave_up = false;
  decisions_ = 0;
  if (!search(value, max_decisions, gave_up)) return gave_up ? Result::gave_up : Result::exhausted;
  chosen.clear();
  for (std::size_t v = 0; v < variables_; ++v)
    if (value[v] == 1) chosen.push_back(v);
  return Result::model;
}

}  // namespace claimcheck
