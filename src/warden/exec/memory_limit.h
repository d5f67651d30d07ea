#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <arrow/memory_pool.h>

namespace warden::exec {

/// A memory pool that refuses allocations past a limit, so that a query which needs too
/// much memory fails with WARDEN-QUERY-MEMORY-LIMIT instead of the process being killed.
/// Every allocation of a query's Acero plan goes through its own pool.
class LimitedMemoryPool : public arrow::MemoryPool {
 public:
  LimitedMemoryPool(arrow::MemoryPool* parent, int64_t limit_bytes)
      : parent_(parent), limit_(limit_bytes) {}

  /// A pool that stays alive until its handle is dropped AND every buffer it allocated
  /// is freed: a buffer only holds a raw pointer to its pool, and result batches (and
  /// Acero tasks finishing after their plan) can outlive the plan that made them.
  static std::shared_ptr<LimitedMemoryPool> Make(arrow::MemoryPool* parent,
                                                 int64_t limit_bytes);

  using arrow::MemoryPool::Allocate;
  using arrow::MemoryPool::Free;
  using arrow::MemoryPool::Reallocate;

  arrow::Status Allocate(int64_t size, int64_t alignment, uint8_t** out) override;
  arrow::Status Reallocate(int64_t old_size, int64_t new_size, int64_t alignment,
                           uint8_t** ptr) override;
  void Free(uint8_t* buffer, int64_t size, int64_t alignment) override;

  int64_t bytes_allocated() const override { return used_.load(); }
  int64_t max_memory() const override { return peak_.load(); }
  int64_t total_bytes_allocated() const override { return total_.load(); }
  int64_t num_allocations() const override { return allocations_.load(); }
  std::string backend_name() const override { return parent_->backend_name(); }
  int64_t limit() const { return limit_; }
  /// True once an allocation was refused.
  bool exceeded() const { return exceeded_.load(); }
  /// Makes every later allocation fail with Status::Cancelled, which stops the query's
  /// Acero plan at its next allocation (every operator allocates per batch). Thread-safe.
  void Cancel() { cancelled_.store(true); }
  bool cancelled() const { return cancelled_.load(); }

 private:
  arrow::Status Reserve(int64_t bytes);
  /// Drops one hold; the last one deletes a pool made by Make().
  void Unref();

  arrow::MemoryPool* parent_;
  const int64_t limit_;
  std::atomic<int64_t> used_{0}, peak_{0}, total_{0}, allocations_{0};
  std::atomic<bool> exceeded_{false};
  std::atomic<bool> cancelled_{false};
  /// The handle of Make() plus one per live allocation.
  std::atomic<int64_t> holds_{1};
};

}  // namespace warden::exec
