#include "solve/stop_watcher.hpp"

namespace claimcheck {

StopWatcher::StopWatcher(const std::atomic<bool>* stop, std::function<void()> on_stop, std::chrono::milliseconds period) {
  if (!stop) return;
  watcher_ = std::thread([this, stop, on_stop = std::move(on_stop), period]() {
    std::unique_lock<std::mutex> lock(mutex_);
    do {
      if (stop->load()) on_stop();
    } while (!finished_signal_.wait_for(lock, period, [this]() { return finished_; }));
  });
}

void StopWatcher::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
  }
  finished_signal_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

}  // namespace claimcheck
