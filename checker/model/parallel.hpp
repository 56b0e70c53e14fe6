#pragma once
// Index-parallel loops for the stages whose items are independent (explaining components,
// writing report items). Callers write item k's result to slot k, so the output does not depend
// on the thread count or on which thread took which item.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace claimcheck {

// Calls fn(k) for every k in [0, n), on up to `threads` threads (the caller's one among them).
// The first exception thrown by fn is rethrown here once every thread has stopped.
template <class Fn>
void for_each_index(std::size_t n, unsigned threads, Fn&& fn) {
  std::size_t workers = std::min<std::size_t>(std::max(1u, threads), n);
  if (workers <= 1) {
    for (std::size_t k = 0; k < n; ++k) fn(k);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&]() {
    for (std::size_t k = next++; k < n; k = next++) {
      try {
        fn(k);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = n;  // the others stop at their next item
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

// Makes the pages under [data, data + bytes) present, the range shared out over `threads`
// threads, without changing what they hold (madvise MADV_POPULATE_WRITE). On the virtual
// machines claimcheck is measured on, the first touch of a page the host has not backed yet
// costs about 2 s a GiB, and two threads touching halve that; a large vector that serial code
// fills would otherwise pay it on one thread (bench/README.md). Ranges under 8 MiB, and kernels
// without the call (before Linux 5.14), are left alone. Returns the bytes made present.
std::size_t prefault(const void* data, std::size_t bytes, unsigned threads);

// Reserves room for `n` elements and prefaults it, for serial code to fill.
template <class T>
void reserve_prefaulted(std::vector<T>& items, std::size_t n, unsigned threads) {
  items.reserve(n);
  prefault(items.data(), items.capacity() * sizeof(T), threads);
}

// Makes room for `more` elements past the end before serial code appends them: when the vector
// must move, it grows as push_back would (to twice its capacity at least) into prefaulted memory.
template <class T>
void reserve_more_prefaulted(std::vector<T>& items, std::size_t more, unsigned threads) {
  if (items.capacity() - items.size() >= more) return;
  reserve_prefaulted(items, std::max(items.size() + more, 2 * items.capacity()), threads);
}

}  // namespace claimcheck
