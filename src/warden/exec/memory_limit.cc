#include "warden/exec/memory_limit.h"

#include "warden/common/error.h"

namespace warden::exec {

arrow::Status LimitedMemoryPool::Reserve(int64_t bytes) {
  if (bytes > 0 && cancelled_.load()) return arrow::Status::Cancelled("the query was cancelled");
  const int64_t now = used_.fetch_add(bytes) + bytes;
  if (bytes > 0 && now > limit_) {
    used_.fetch_sub(bytes);
    exceeded_.store(true);
    return Error(ErrorCode::kMemoryLimit,
                 "the query needs more than its memory limit of " +
                     std::to_string(limit_ / (1024 * 1024)) + " MiB");
  }
  int64_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
  return arrow::Status::OK();
}

std::shared_ptr<LimitedMemoryPool> LimitedMemoryPool::Make(arrow::MemoryPool* parent,
                                                           int64_t limit_bytes) {
  return std::shared_ptr<LimitedMemoryPool>(new LimitedMemoryPool(parent, limit_bytes),
                                            [](LimitedMemoryPool* pool) { pool->Unref(); });
}

void LimitedMemoryPool::Unref() {
  if (holds_.fetch_sub(1) == 1) delete this;
}

arrow::Status LimitedMemoryPool::Allocate(int64_t size, int64_t alignment, uint8_t** out) {
  ARROW_RETURN_NOT_OK(Reserve(size));
  arrow::Status status = parent_->Allocate(size, alignment, out);
  if (!status.ok()) {
    used_.fetch_sub(size);
    return status;
  }
  holds_.fetch_add(1);
  total_.fetch_add(size);
  allocations_.fetch_add(1);
  return status;
}

arrow::Status LimitedMemoryPool::Reallocate(int64_t old_size, int64_t new_size,
                                            int64_t alignment, uint8_t** ptr) {
  ARROW_RETURN_NOT_OK(Reserve(new_size - old_size));
  arrow::Status status = parent_->Reallocate(old_size, new_size, alignment, ptr);
  if (!status.ok()) {
    used_.fetch_sub(new_size - old_size);
    return status;
  }
  if (new_size > old_size) total_.fetch_add(new_size - old_size);
  allocations_.fetch_add(1);
  return status;
}

void LimitedMemoryPool::Free(uint8_t* buffer, int64_t size, int64_t alignment) {
  parent_->Free(buffer, size, alignment);
  used_.fetch_sub(size);
  Unref();
}

}  // namespace warden::exec
