#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <arrow/memory_pool.h>

namespace warden::exec {

/// Keeps freed large buffers (Parquet column chunks, decoded columns) for the next
/// allocation of the same size class instead of handing them back to the allocator.
/// mimalloc (Arrow's default) returns freed pages to the OS after 10 ms, and a scan frees
/// and allocates tens of MiB per row group, so every row group paid page faults and the
/// kernel zeroing fresh pages again: a third of the worker's CPU time in a 1%-filter scan.
/// The mimalloc option that would keep them (MIMALLOC_PURGE_DELAY) is read from the
/// environment when libarrow loads, before any of Warden's code runs.
///
/// Blocks of at least kMinBytes are rounded up to a size class (8 classes per power of
/// two, at most 12.5% more); an allocation takes the smallest kept block of its class or
/// up to half again as large (pre-buffered column chunks differ in size from file to
/// file). At most `cache_bytes` of freed blocks are kept; the rest goes back to `parent`,
/// which also serves small blocks. Blocks that stay unused longer than the idle time go
/// back too (ReleaseIdle), so an idle worker returns its memory. Thread-safe.
class RecyclingMemoryPool : public arrow::MemoryPool {
 public:
  static constexpr int64_t kMinBytes = int64_t{256} << 10;

  using Clock = std::chrono::steady_clock;

  /// The shared pool's cache unless configured (`--buffer-cache-mib`). A governed 10M-row
  /// scan overflows it (a few hundred MiB of result batches in flight): 1 GiB halves its
  /// page faults but saved only 0-4% of CPU and no wall time, so the default stays small.
  static constexpr int64_t kDefaultSharedCacheBytes = int64_t{256} << 20;
  /// How long the shared pool keeps a block nobody reuses.
  static constexpr Clock::duration kSharedIdleTime = std::chrono::seconds(10);

  RecyclingMemoryPool(arrow::MemoryPool* parent, int64_t cache_bytes)
      : parent_(parent), cache_limit_(cache_bytes) {}
  ~RecyclingMemoryPool() override;

  /// The process's pool over arrow::default_memory_pool(). A background thread returns
  /// blocks idle for kSharedIdleTime.
  static RecyclingMemoryPool* Shared();

  /// Sets how many bytes of freed blocks the pool keeps; blocks beyond it go back now.
  void SetCacheLimit(int64_t cache_bytes);

  /// Returns to the parent every kept block freed before `now - idle`.
  void ReleaseIdle(Clock::time_point now, Clock::duration idle);

  /// The size a block of `size` bytes is allocated with (its class), for size >= kMinBytes.
  static int64_t ClassSize(int64_t size);

  using arrow::MemoryPool::Allocate;
  using arrow::MemoryPool::Free;
  using arrow::MemoryPool::Reallocate;

  arrow::Status Allocate(int64_t size, int64_t alignment, uint8_t** out) override;
  arrow::Status Reallocate(int64_t old_size, int64_t new_size, int64_t alignment,
                           uint8_t** ptr) override;
  void Free(uint8_t* buffer, int64_t size, int64_t alignment) override;

  int64_t bytes_allocated() const override { return parent_->bytes_allocated(); }
  int64_t max_memory() const override { return parent_->max_memory(); }
  int64_t total_bytes_allocated() const override { return parent_->total_bytes_allocated(); }
  int64_t num_allocations() const override { return parent_->num_allocations(); }
  std::string backend_name() const override { return parent_->backend_name(); }
  /// Bytes of freed blocks kept for reuse.
  int64_t cached_bytes() const;

 private:
  bool Recycles(int64_t size, int64_t alignment) const {
    return size >= kMinBytes && alignment == arrow::kDefaultBufferAlignment;
  }

  struct Kept {
    uint8_t* block;
    Clock::time_point freed;
  };

  /// Removes kept blocks (oldest first) until `keep` bytes remain; returns them.
  std::vector<std::pair<uint8_t*, int64_t>> TakeOldestUntil(int64_t keep);
  void ReturnToParent(const std::vector<std::pair<uint8_t*, int64_t>>& blocks);

  arrow::MemoryPool* parent_;
  int64_t cache_limit_;  // GUARDED_BY(mutex_)
  mutable std::mutex mutex_;
  // GUARDED_BY(mutex_), by block size; each list oldest first, reused from the back.
  std::map<int64_t, std::vector<Kept>> free_;
  std::unordered_map<uint8_t*, int64_t> in_use_;   // GUARDED_BY(mutex_): block sizes
  int64_t cached_ = 0;                             // GUARDED_BY(mutex_)
};

}  // namespace warden::exec
