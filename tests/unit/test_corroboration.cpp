// Corroboration: the same fact from several claims, grouped into source families.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {
const char* kPack = R"(pack: corroboration-tests
entities:
  GOM: {class: government}
  MOI: {class: ministry, part_of: GOM}
  Consulate: {class: diplomatic}
metrics:
  rings:
    type: count
    args: [entity, period]
)";

}  // namespace

TEST_CASE("repetition within a source family is not corroboration; independent families are",
          "[explain][corroboration]") {
  CheckRun r = run_claims(claim_by("moi", "MOI", "rings(Morocco, 2006) > 350") + claim_by("gom", "GOM", "rings(Morocco, 2006) > 350") +
                              claim_by("consulate", "Consulate", "rings(Morocco, 2006) ~ 350") +
                              claim_by("moi-2007", "MOI", "rings(Morocco, 2007) = 80") +
                              claim_by("gom-2007", "GOM", "rings(Morocco, 2007) = 80"),
                          kPack);
  REQUIRE(r.ok());
  REQUIRE(r.result.corroborations.size() == 2);
  const Corroboration& y2006 = r.result.corroborations[0];
  CHECK(r.result.problem.variables[y2006.var].key.text() == "rings(Morocco, 2006)");
  CHECK(y2006.agree);
  REQUIRE(y2006.families.size() == 2);
  auto ids = [&](const std::vector<int>& claims) {
    std::vector<std::string> out;
    for (int c : claims) out.push_back(r.result.claims[c].raw.id);
    return out;
  };
  CHECK(ids(y2006.families[0]) == std::vector<std::string>{"consulate"});
  CHECK(ids(y2006.families[1]) == std::vector<std::string>{"gom", "moi"});
  CHECK(y2006.together == Interval{Bound{350, true}, Bound{385, false}});
  const Corroboration& y2007 = r.result.corroborations[1];
  CHECK(y2007.families.size() == 1);
}

TEST_CASE("statements that disagree are flagged, not counted as corroboration", "[explain][corroboration]") {
  CheckRun r = run_claims(claim_by("moi", "MOI", "rings(Morocco, 2006) > 350") + claim_by("consulate", "Consulate", "rings(Morocco, 2006) < 300"),
                          kPack);
  REQUIRE(r.ok());
  REQUIRE(r.result.corroborations.size() == 1);
  CHECK_FALSE(r.result.corroborations[0].agree);
  CHECK(r.result.findings.size() == 1);
}
