#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

#include <arrow/result.h>

namespace warden::worker {

/// Caps how many tasks a worker runs at once. A task over the cap waits for a slot (back-
/// pressure) instead of failing; only after `max_wait` does it give up with kUnavailable,
/// and the client then tries the task's next location. Thread-safe.
class TaskSlots {
 public:
  /// Held while a task streams; returns its slot when destroyed.
  class Slot {
   public:
    explicit Slot(TaskSlots* owner) : owner_(owner) {}
    ~Slot() { owner_->Release(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    TaskSlots* owner_;
  };

  TaskSlots(int capacity, std::chrono::milliseconds max_wait)
      : capacity_(capacity < 1 ? 1 : capacity), max_wait_(max_wait) {}

  arrow::Result<std::unique_ptr<Slot>> Acquire();

  /// After this, Acquire refuses new tasks (the worker is leaving); running ones finish.
  void Drain();

  int capacity() const { return capacity_; }
  int active() const;
  int waiting() const;
  bool draining() const;

 private:
  void Release();

  const int capacity_;
  const std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int active_ = 0;         // GUARDED_BY(mutex_)
  int waiting_ = 0;        // GUARDED_BY(mutex_)
  bool draining_ = false;  // GUARDED_BY(mutex_)
};

}  // namespace warden::worker
