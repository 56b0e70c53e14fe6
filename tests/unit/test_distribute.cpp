// The bytes outcomes travel in between MPI ranks: exact, complete, and refused when damaged.
#include <catch2/catch.hpp>

#include "corpus_generator.hpp"
#include "distribute/distribute.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

TEST_CASE("every outcome of a synthetic corpus survives encoding exactly", "[distribute]") {
  bench::CorpusOptions options;
  options.claims = 2000;
  options.seed = 9;
  auto corpus = bench::generate_corpus(options);
  TempDir dir;
  dir.write("rules/synthetic.yaml", corpus.rule_pack);
  CheckRequest request;
  request.inputs = {dir.write("corpus.jsonl", corpus.lines)};
  request.rules_dir = dir.path() + "/rules";
  CheckRun run = run_check(request);
  REQUIRE(run.ok());
  int with_conflicts = 0, with_repairs = 0, with_truth_values = 0, with_widening = 0;
  for (const Outcome& o : run.result.outcomes) {
    std::string bytes = encode_outcome(o);
    Outcome back = decode_outcome(bytes);
    CHECK(encode_outcome(back) == bytes);
    CHECK(back.status == o.status);
    CHECK(back.witness == o.witness);
    CHECK(back.witness_source == o.witness_source);
    CHECK(back.corrections == o.corrections);
    REQUIRE(back.conflicts.size() == o.conflicts.size());
    for (std::size_t k = 0; k < o.conflicts.size(); ++k) {
      CHECK(back.conflicts[k].claims == o.conflicts[k].claims);
      CHECK(back.conflicts[k].instances == o.conflicts[k].instances);
      CHECK(back.conflicts[k].widening == o.conflicts[k].widening);
      CHECK(back.conflicts[k].rounding_widening == o.conflicts[k].rounding_widening);
      with_widening += o.conflicts[k].widening || o.conflicts[k].rounding_widening;
    }
    REQUIRE(back.repairs.size() == o.repairs.size());
    for (std::size_t k = 0; k < o.repairs.size(); ++k) {
      CHECK(back.repairs[k].claims == o.repairs[k].claims);
      CHECK(back.repairs[k].weight == o.repairs[k].weight);
    }
    with_conflicts += !o.conflicts.empty();
    with_repairs += !o.repairs.empty();
    for (const auto& [var, value] : o.witness) with_truth_values += std::holds_alternative<bool>(value);
  }
  // The corpus exercises every part of the encoding.
  CHECK(with_conflicts > 50);
  CHECK(with_repairs > 50);
  CHECK(with_widening > 20);
  CHECK(with_truth_values > 20);
}

TEST_CASE("damaged outcome bytes are refused, not read", "[distribute]") {
  Outcome o;
  o.status = Status::consistent;
  o.witness[3] = Rational(7, 2);
  o.witness_source = "exact check";
  std::string bytes = encode_outcome(o);
  CHECK(decode_outcome(bytes).witness.at(3) == Value(Rational(7, 2)));
  CHECK_THROWS_WITH(decode_outcome(bytes.substr(0, bytes.size() - 3)), "an outcome's bytes end early");
  CHECK_THROWS_WITH(decode_outcome(bytes + "x"), "an outcome's bytes go on past its end");
  std::string bad_status = bytes;
  bad_status[0] = 9;
  CHECK_THROWS_WITH(decode_outcome(bad_status), "an outcome has an unknown status");
}

TEST_CASE("without mpirun there is one rank, and solving on ranks is solving", "[distribute]") {
  CHECK(current_ranks().rank == 0);
  CHECK(current_ranks().size == 1);
  CheckRun run = run_claims(claim("y1", "cases_prosecuted(Morocco, 2001) = 40") +
                            claim("y2", "cases_prosecuted(Morocco, 2002) = 50") +
                            claim("span", "cases_prosecuted(Morocco, 2001..2002) = 60") +
                            claim("other", "cases_decided(Morocco, 2001) = 3"));
  REQUIRE(run.ok());
  REQUIRE(run.result.components.size() == 2);
  auto outcomes = solve_on_ranks(run.result.problem, run.result.components, SolveOptions{});
  REQUIRE(outcomes.size() == run.result.outcomes.size());
  for (std::size_t k = 0; k < outcomes.size(); ++k) CHECK(encode_outcome(outcomes[k]) == encode_outcome(run.result.outcomes[k]));
  CHECK(outcomes[0].status != outcomes[1].status);  // one conflict, one consistent component
}
