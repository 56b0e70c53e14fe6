#pragma once
// Index-parallel loops for the stages whose items are independent (explaining components,
// writing report items). Callers write item k's result to slot k, so the output does not depend
// on the thread count or on which thread took which item.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
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

// Tasks run one at a time, in the order posted, on a thread of its own while the poster goes on
// (or at once on the poster's thread, when `own_thread` is false). At most `most_waiting` tasks
// wait: post() blocks until there is room. Once a task throws, the ones after it are dropped and
// finish() rethrows the exception.
class SerialWorker {
 public:
  SerialWorker(bool own_thread, std::size_t most_waiting);
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;
  ~SerialWorker();  // waits for the tasks posted; an exception is dropped

  void post(std::function<void()> task);
  // Waits until every task posted has run; rethrows the first exception one threw.
  void finish();
  // From now on at most `most_waiting` tasks wait (at least one).
  void set_most_waiting(std::size_t most_waiting);
  // Whether a task has thrown: the poster may stop early.
  bool failed() const { return failed_.load(); }

 private:
  void run();

  std::size_t most_waiting_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> waiting_;
  bool busy_ = false, closing_ = false;
  std::exception_ptr error_;
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

}  // namespace claimcheck
