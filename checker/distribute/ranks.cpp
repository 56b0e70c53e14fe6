// MPI ranks: a deterministic share of the components each, gathered on rank 0.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "distribute/distribute.hpp"

#ifdef CLAIMCHECK_MPI
#include <mpi.h>
#endif

namespace claimcheck {

namespace {

Ranks ranks;

#ifdef CLAIMCHECK_MPI
// mpirun (Open MPI, or any PMI launcher) says so in the environment; a plain start stays a
// single process without MPI's singleton start-up.
bool started_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

constexpr std::uint64_t kChunk = 1u << 30;  // MPI counts are ints

void send_bytes(const std::string& bytes, int to) {
  std::uint64_t size = bytes.size();
  MPI_Send(&size, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD);
  for (std::uint64_t at = 0; at < size; at += kChunk)
    MPI_Send(bytes.data() + at, static_cast<int>(std::min(kChunk, size - at)), MPI_CHAR, to, 1, MPI_COMM_WORLD);
}

// Until `from` starts sending its outcomes; false when the stop flag is set first.
bool wait_for_rank(int from, const std::atomic<bool>* stop) {
  while (true) {
    int ready = 0;
    MPI_Iprobe(from, 0, MPI_COMM_WORLD, &ready, MPI_STATUS_IGNORE);
    if (ready) return true;
    if (stop && stop->load()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

std::string receive_bytes(int from) {
  std::uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(size, '\0');
  for (std::uint64_t at = 0; at < size; at += kChunk)
    MPI_Recv(bytes.data() + at, static_cast<int>(std::min(kChunk, size - at)), MPI_CHAR, from, 1, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
  return bytes;
}

void put_number(std::string& out, std::uint64_t n) {
  for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((n >> (8 * k)) & 0xff));
}

// The gather is the last use of MPI, so every rank finalizes right after it, and the followers
// exit while rank 0 explains and reports. When rank 0 exits with 1 (open findings) and a follower
// is still running, mpirun aborts the job and sends that follower SIGTERM mid-exit.
void finish_mpi() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

std::uint64_t take_number(std::string_view bytes, std::size_t& at) {
  if (bytes.size() - at < 8) throw std::runtime_error("a rank's outcomes end early");
  std::uint64_t n = 0;
  for (int k = 0; k < 8; ++k) n |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + k])) << (8 * k);
  at += 8;
  return n;
}
#endif

}  // namespace

Ranks start_ranks(int& argc, char**& argv) {
#ifdef CLAIMCHECK_MPI
  if (!started_by_mpirun()) return ranks;
  MPI_Init(&argc, &argv);
  std::atexit(finish_mpi);  // for the runs that stop before the gather (bad input, a stop request)
  MPI_Comm_rank(MPI_COMM_WORLD, &ranks.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks.size);
#else
  (void)argc;
  (void)argv;
#endif
  return ranks;
}

Ranks current_ranks() { return ranks; }

void end_ranks(int exit_code) {
#ifdef CLAIMCHECK_MPI
  int finalized = 0;
  if (ranks.size > 1 && ranks.rank == 0 && MPI_Finalized(&finalized) == MPI_SUCCESS && !finalized)
    MPI_Abort(MPI_COMM_WORLD, exit_code);
#else
  (void)exit_code;
#endif
}

std::vector<Outcome> solve_on_ranks(const GroundProblem& problem, const std::vector<Component>& components,
                                    const SolveOptions& options) {
  if (ranks.size <= 1) return solve(problem, components, options);
#ifdef CLAIMCHECK_MPI
  // Component i goes to rank i mod size: deterministic, and components of one size class spread
  // evenly, since the partition lists them in input order.
  std::vector<std::size_t> mine;
  std::vector<Component> share;
  for (std::size_t i = static_cast<std::size_t>(ranks.rank); i < components.size(); i += static_cast<std::size_t>(ranks.size)) {
    mine.push_back(i);
    share.push_back(components[i]);
  }
  std::vector<Outcome> solved = solve(problem, share, options);
  std::vector<Outcome> outcomes(components.size());
  if (ranks.rank != 0) {
    std::string packed;
    for (std::size_t k = 0; k < mine.size(); ++k) {
      std::string bytes = encode_outcome(solved[k]);
      put_number(packed, mine[k]);
      put_number(packed, bytes.size());
      packed += bytes;
    }
    send_bytes(packed, 0);
    finish_mpi();
    for (std::size_t k = 0; k < mine.size(); ++k) outcomes[mine[k]] = std::move(solved[k]);
    return outcomes;
  }
  std::vector<bool> filled(components.size(), false);
  for (std::size_t k = 0; k < mine.size(); ++k) {
    outcomes[mine[k]] = std::move(solved[k]);
    filled[mine[k]] = true;
  }
  // Stopped here, before or during the gather: the others' shares are not waited for (they may
  // run for hours); the run ends with end_ranks, which takes the other ranks down with it.
  auto abandoned = [&]() {
    for (std::size_t i = 0; i < components.size(); ++i)
      if (!filled[i]) outcomes[i] = stopped_outcome();
    return outcomes;
  };
  for (int from = 1; from < ranks.size; ++from) {
    if (!wait_for_rank(from, options.stop)) return abandoned();
    std::string packed = receive_bytes(from);
    std::size_t at = 0;
    while (at < packed.size()) {
      std::uint64_t index = take_number(packed, at);
      std::uint64_t size = take_number(packed, at);
      if (index >= components.size() || packed.size() - at < size) throw std::runtime_error("a rank sent a malformed outcome");
      outcomes[index] = decode_outcome(std::string_view(packed).substr(at, size));
      filled[index] = true;
      at += size;
    }
  }
  finish_mpi();
  return outcomes;
#else
  return solve(problem, components, options);
#endif
}

}  // namespace claimcheck
