#include "model/parallel.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older C libraries do not name it
#endif

namespace claimcheck {

std::size_t prefault(const void* data, std::size_t bytes, unsigned threads) {
  constexpr std::size_t kSmallest = std::size_t{8} << 20, kPiece = std::size_t{2} << 20;
  static std::atomic<bool> unsupported{false};
  if (bytes < kSmallest || threads < 2 || unsupported.load(std::memory_order_relaxed)) return 0;
  auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  // Whole pages, the partial ones at both ends included: making a page present never changes
  // what it holds, so a neighbour's bytes on the same page come to no harm.
  std::uintptr_t from = reinterpret_cast<std::uintptr_t>(data) / page * page;
  std::uintptr_t to = (reinterpret_cast<std::uintptr_t>(data) + bytes + page - 1) / page * page;
  std::uintptr_t base = from / kPiece * kPiece;  // pieces on huge-page boundaries
  std::size_t pieces = (to - base + kPiece - 1) / kPiece;
  std::atomic<std::size_t> present{0};
  for_each_index(pieces, threads, [&](std::size_t k) {
    std::uintptr_t start = std::max(from, base + k * kPiece), end = std::min(to, base + (k + 1) * kPiece);
    if (unsupported.load(std::memory_order_relaxed)) return;
    if (madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_WRITE) == 0)
      present.fetch_add(end - start, std::memory_order_relaxed);
    else if (errno == EINVAL)
      unsupported.store(true, std::memory_order_relaxed);
  });
  return present.load();
}

}  // namespace claimcheck
