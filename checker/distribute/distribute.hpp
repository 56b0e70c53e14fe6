#pragma once
// distribute/: the solve stage spread over MPI ranks (a build with -DCLAIMCHECK_MPI=ON, run under
// mpirun). Every rank runs the stages before solve on the same input, so every rank holds the
// same components; rank r solves those whose index is r modulo the number of ranks, and rank 0
// gathers every outcome, in component order, and alone goes on (explain, review, history,
// report). Outcomes depend only on their component, so the report is the single-process one.
#include <string>
#include <string_view>
#include <vector>

#include "model/problem.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

struct Ranks {
  int rank = 0;
  int size = 1;
};

// Starts MPI when built with it and started under mpirun (MPI_Init; MPI_Finalize after the
// gather in solve_on_ranks, or at exit when a run stops before it); {0, 1} otherwise. Call once,
// first thing in main.
Ranks start_ranks(int& argc, char**& argv);
Ranks current_ranks();

// Rank 0 of a run stopped before its gather (solve_on_ranks returns without waiting for the
// other ranks when rank 0 is stopped): ends every rank now with `exit_code` (MPI_Abort), since
// the others would otherwise finish their shares first. Does nothing elsewhere.
void end_ranks(int exit_code);

// Every component's outcome, on rank 0; on the other ranks only their own are filled in. Without
// MPI, or with one rank, this is solve().
std::vector<Outcome> solve_on_ranks(const GroundProblem& problem, const std::vector<Component>& components,
                                    const SolveOptions& options);

// The bytes an outcome travels as, and back; exact (rationals as fractions). Decoding throws
// std::runtime_error on bytes that were not encoded so.
std::string encode_outcome(const Outcome& outcome);
Outcome decode_outcome(std::string_view bytes);

}  // namespace claimcheck
