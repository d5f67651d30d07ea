#include "warden/worker/task_slots.h"

#include "warden/common/error.h"

namespace warden::worker {

arrow::Result<std::unique_ptr<TaskSlots::Slot>> TaskSlots::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  ++waiting_;
  const bool got = freed_.wait_for(lock, max_wait_,
                                   [&] { return draining_ || active_ < capacity_; });
  --waiting_;
  if (draining_) {
    return Error(ErrorCode::kUnavailable, "this worker is shutting down; try another");
  }
  if (!got) {
    return Error(ErrorCode::kUnavailable,
                 "this worker is busy (all task slots taken); try another");
  }
  ++active_;
  return std::make_unique<Slot>(this);
}

void TaskSlots::Release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --active_;
  }
  freed_.notify_one();
}

void TaskSlots::Drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    draining_ = true;
  }
  freed_.notify_all();
}

int TaskSlots::active() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return active_;
}

int TaskSlots::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

bool TaskSlots::draining() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return draining_;
}

}  // namespace warden::worker
