#include "model/parallel.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

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

SerialWorker::SerialWorker(bool own_thread, std::size_t most_waiting) : most_waiting_(std::max<std::size_t>(1, most_waiting)) {
  if (own_thread) thread_ = std::thread([this] { run(); });
}

SerialWorker::~SerialWorker() {
  try {
    finish();
  } catch (...) {
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SerialWorker::post(std::function<void()> task) {
  if (!thread_.joinable()) {
    if (error_) return;
    try {
      task();
    } catch (...) {
      error_ = std::current_exception();
      failed_ = true;
    }
    return;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return waiting_.size() < most_waiting_; });
  waiting_.push_back(std::move(task));
  changed_.notify_all();
}

void SerialWorker::set_most_waiting(std::size_t most_waiting) {
  std::lock_guard<std::mutex> lock(mutex_);
  most_waiting_ = std::max<std::size_t>(1, most_waiting);
}

void SerialWorker::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return waiting_.empty() && !busy_; });
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void SerialWorker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return closing_ || !waiting_.empty(); });
    if (waiting_.empty()) return;
    std::function<void()> task = std::move(waiting_.front());
    waiting_.pop_front();
    busy_ = true;
    bool skip = error_ != nullptr;
    lock.unlock();
    changed_.notify_all();  // room to post
    std::exception_ptr error;
    if (!skip) {
      try {
        task();
      } catch (...) {
        error = std::current_exception();
      }
    }
    task = nullptr;  // what it holds is freed here, not under the lock
    lock.lock();
    if (error && !error_) error_ = error;
    if (error) failed_ = true;
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace claimcheck
