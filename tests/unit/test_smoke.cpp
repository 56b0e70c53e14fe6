#include <catch2/catch.hpp>

#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

TEST_CASE("a lone exact count is consistent and checked on its own") {
  CheckRun r = run_claims("  - id: c\n    said_by: Morocco\n    at: p1\n    quote: q\n    fact: fine_min(Morocco) = 200 MAD\n");
  REQUIRE(r.ok());
  REQUIRE(r.result.components.size() == 1);
  CHECK(r.result.outcomes[0].status == Status::consistent);
  CHECK(r.result.untouched_claims == std::vector<int>{0});
}
