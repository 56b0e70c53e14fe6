// The MARCO map: its models satisfy every clause, and it says exhausted exactly when brute force
// finds no subset left, across clauses added between calls (learned clauses carry over).
#include <catch2/catch.hpp>

#include <random>

#include "solve/map_solver.hpp"

using namespace claimcheck;

namespace {

struct Block {
  std::vector<std::size_t> set;
  bool supersets;  // block_supersets, else block_subsets_avoiding
};

bool allowed(const std::vector<Block>& blocks, unsigned mask) {
  for (const auto& b : blocks) {
    bool all_in = true, any_in = false;
    for (auto v : b.set) {
      bool in = mask >> v & 1u;
      all_in = all_in && in;
      any_in = any_in || in;
    }
    if (b.supersets ? all_in : !any_in) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the map's models respect every block, and it is exhausted only when brute force is", "[solve][map]") {
  std::mt19937 rng(20261123);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int exhausted = 0, models = 0;
  for (int round = 0; round < 2000; ++round) {
    std::size_t n = static_cast<std::size_t>(pick(1, 10));
    MapSolver map(n);
    std::vector<Block> blocks;
    int steps = pick(1, 40);
    for (int step = 0; step < steps; ++step) {
      Block b;
      for (std::size_t v = 0; v < n; ++v)
        if (pick(0, 2) == 0) b.set.push_back(v);
      if (b.set.empty() && pick(0, 9) != 0) b.set.push_back(static_cast<std::size_t>(pick(0, static_cast<int>(n) - 1)));
      b.supersets = pick(0, 1) == 1;
      (b.supersets ? map.block_supersets(b.set) : map.block_subsets_avoiding(b.set));
      blocks.push_back(b);
      bool any = false;
      for (unsigned mask = 0; mask < (1u << n) && !any; ++mask) any = allowed(blocks, mask);
      std::vector<std::size_t> chosen;
      MapSolver::Result r = map.next(chosen);
      REQUIRE(r != MapSolver::Result::gave_up);
      INFO("round " << round << ", step " << step);
      REQUIRE((r == MapSolver::Result::model) == any);
      if (r == MapSolver::Result::exhausted) {
        ++exhausted;
        break;
      }
      ++models;
      unsigned mask = 0;
      for (auto v : chosen) mask |= 1u << v;
      CHECK(allowed(blocks, mask));
    }
  }
  // Both outcomes are exercised.
  CHECK(exhausted > 100);
  CHECK(models > 1000);
}

TEST_CASE("the map tries large seeds first", "[solve][map]") {
  MapSolver map(4);
  std::vector<std::size_t> chosen;
  REQUIRE(map.next(chosen) == MapSolver::Result::model);
  CHECK(chosen == std::vector<std::size_t>{0, 1, 2, 3});
  map.block_supersets({1, 2});
  REQUIRE(map.next(chosen) == MapSolver::Result::model);
  CHECK(chosen == std::vector<std::size_t>{0, 1, 3});
  map.block_supersets({});  // a conflict of rules alone: nothing left
  CHECK(map.next(chosen) == MapSolver::Result::exhausted);
}
