#pragma once
// Internal to solve/: turns a stop flag, set by a signal handler, into a call that interrupts
// the running checks. Polling keeps the handler to setting a flag.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace claimcheck {

class StopWatcher {
 public:
  // Polls `stop` at once and then every `period`, and calls `on_stop` while it is set; with no
  // flag, watches nothing.
  StopWatcher(const std::atomic<bool>* stop, std::function<void()> on_stop,
              std::chrono::milliseconds period = std::chrono::milliseconds(20));
  ~StopWatcher() { finish(); }
  StopWatcher(const StopWatcher&) = delete;
  StopWatcher& operator=(const StopWatcher&) = delete;

  // Ends the watch and returns as soon as the watcher has seen it, without waiting out the
  // period: a watcher that slept between polls held every run up to a period after its last
  // check (about 15 ms of a 10,000-claim run's 60 ms solve stage).
  void finish();

 private:
  std::mutex mutex_;
  std::condition_variable finished_signal_;
  bool finished_ = false;
  std::thread watcher_;
};

}  // namespace claimcheck
