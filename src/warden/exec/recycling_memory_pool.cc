#include "warden/exec/recycling_memory_pool.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace warden::exec {

RecyclingMemoryPool::~RecyclingMemoryPool() {
  for (auto& [size, blocks] : free_) {
    for (const Kept& kept : blocks) {
      parent_->Free(kept.block, size, arrow::kDefaultBufferAlignment);
    }
  }
}

namespace {
// The idle-release thread stops for good once the process starts exiting: Arrow's default
// pool, which it frees into, is a static that exit() destroys after the atexit handlers.
std::mutex janitor_mutex;
bool exiting = false;  // GUARDED_BY(janitor_mutex)
}  // namespace

RecyclingMemoryPool* RecyclingMemoryPool::Shared() {
  // Never destroyed: buffers may be freed by threads still running at exit.
  static auto* pool = [] {
    auto* shared = new RecyclingMemoryPool(arrow::default_memory_pool(),
                                           kDefaultSharedCacheBytes);
    std::atexit([] {
      std::lock_guard<std::mutex> lock(janitor_mutex);
      exiting = true;
    });
    std::thread([shared] {
      while (true) {
        std::this_thread::sleep_for(kSharedIdleTime / 2);
        std::lock_guard<std::mutex> lock(janitor_mutex);
        if (exiting) return;
        shared->ReleaseIdle(Clock::now(), kSharedIdleTime);
      }
    }).detach();
    return shared;
  }();
  return pool;
}

void RecyclingMemoryPool::SetCacheLimit(int64_t cache_bytes) {
  std::vector<std::pair<uint8_t*, int64_t>> released;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cache_limit_ = std::max<int64_t>(cache_bytes, 0);
    released = TakeOldestUntil(cache_limit_);
  }
  ReturnToParent(released);
}

void RecyclingMemoryPool::ReleaseIdle(Clock::time_point now, Clock::duration idle) {
  std::vector<std::pair<uint8_t*, int64_t>> released;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, blocks] : free_) {
      auto fresh = std::find_if(blocks.begin(), blocks.end(),
                                [&](const Kept& kept) { return now - kept.freed < idle; });
      for (auto it = blocks.begin(); it != fresh; ++it) released.emplace_back(it->block, size);
      blocks.erase(blocks.begin(), fresh);
    }
    for (const auto& [block, size] : released) cached_ -= size;
  }
  ReturnToParent(released);
}

std::vector<std::pair<uint8_t*, int64_t>> RecyclingMemoryPool::TakeOldestUntil(int64_t keep) {
  std::vector<std::pair<uint8_t*, int64_t>> taken;
  while (cached_ > keep) {
    auto oldest = free_.end();
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      if (it->second.empty()) continue;
      if (oldest == free_.end() || it->second.front().freed < oldest->second.front().freed) {
        oldest = it;
      }
    }
    if (oldest == free_.end()) break;
    taken.emplace_back(oldest->second.front().block, oldest->first);
    oldest->second.erase(oldest->second.begin());
    cached_ -= oldest->first;
  }
  return taken;
}

void RecyclingMemoryPool::ReturnToParent(
    const std::vector<std::pair<uint8_t*, int64_t>>& blocks) {
  for (const auto& [block, size] : blocks) {
    parent_->Free(block, size, arrow::kDefaultBufferAlignment);
  }
}

int64_t RecyclingMemoryPool::ClassSize(int64_t size) {
  // The highest power of two <= size, in steps of an eighth of it.
  int shift = 63 - __builtin_clzll(static_cast<uint64_t>(size));
  const int64_t step = int64_t{1} << (shift - 3);
  return (size + step - 1) / step * step;
}

arrow::Status RecyclingMemoryPool::Allocate(int64_t size, int64_t alignment, uint8_t** out) {
  if (!Recycles(size, alignment)) return parent_->Allocate(size, alignment, out);
  const int64_t class_size = ClassSize(size);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto found = free_.lower_bound(class_size);
         found != free_.end() && found->first <= class_size + class_size / 2; ++found) {
      if (found->second.empty()) continue;
      *out = found->second.back().block;
      found->second.pop_back();
      cached_ -= found->first;
      in_use_[*out] = found->first;
      return arrow::Status::OK();
    }
  }
  ARROW_RETURN_NOT_OK(parent_->Allocate(class_size, alignment, out));
  std::lock_guard<std::mutex> lock(mutex_);
  in_use_[*out] = class_size;
  return arrow::Status::OK();
}

void RecyclingMemoryPool::Free(uint8_t* buffer, int64_t size, int64_t alignment) {
  if (!Recycles(size, alignment)) return parent_->Free(buffer, size, alignment);
  int64_t block_size = size;  // for a block that is not ours (a caller's bug): as before
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = in_use_.find(buffer);
    if (found != in_use_.end()) {
      block_size = found->second;
      in_use_.erase(found);
      if (cached_ + block_size <= cache_limit_) {
        free_[block_size].push_back(Kept{buffer, Clock::now()});
        cached_ += block_size;
        return;
      }
    }
  }
  parent_->Free(buffer, block_size, alignment);
}

arrow::Status RecyclingMemoryPool::Reallocate(int64_t old_size, int64_t new_size,
                                              int64_t alignment, uint8_t** ptr) {
  const bool old_recycled = Recycles(old_size, alignment);
  const bool new_recycled = Recycles(new_size, alignment);
  if (!old_recycled && !new_recycled) {
    return parent_->Reallocate(old_size, new_size, alignment, ptr);
  }
  if (old_recycled && new_recycled) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (new_size <= in_use_.at(*ptr)) return arrow::Status::OK();  // the block has room
  }
  uint8_t* moved = nullptr;
  ARROW_RETURN_NOT_OK(Allocate(new_size, alignment, &moved));
  std::memcpy(moved, *ptr, static_cast<size_t>(std::min(old_size, new_size)));
  Free(*ptr, old_size, alignment);
  *ptr = moved;
  return arrow::Status::OK();
}

int64_t RecyclingMemoryPool::cached_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cached_;
}

}  // namespace warden::exec
