#include "warden/exec/recycling_memory_pool.h"

#include <arrow/memory_pool.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace warden::exec {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;

class RecyclingMemoryPoolTest : public ::testing::Test {
 protected:
  uint8_t* Allocate(int64_t size) {
    uint8_t* out = nullptr;
    EXPECT_TRUE(pool_.Allocate(size, &out).ok());
    std::memset(out, 7, static_cast<size_t>(size));  // the block holds what was asked
    return out;
  }

  arrow::ProxyMemoryPool parent_{arrow::default_memory_pool()};
  RecyclingMemoryPool pool_{&parent_, 8 * kMiB};
};

TEST_F(RecyclingMemoryPoolTest, ClassesRoundUpByAtMostAnEighth) {
  for (int64_t size : {RecyclingMemoryPool::kMinBytes, 3 * kMiB + 1, 8 * kMiB - 1, 8 * kMiB}) {
    const int64_t rounded = RecyclingMemoryPool::ClassSize(size);
    EXPECT_GE(rounded, size);
    EXPECT_LE(rounded, size + size / 8);
  }
  EXPECT_EQ(RecyclingMemoryPool::ClassSize(8 * kMiB), 8 * kMiB);
}

TEST_F(RecyclingMemoryPoolTest, FreedLargeBlocksServeTheNextAllocations) {
  uint8_t* a = Allocate(2 * kMiB);
  pool_.Free(a, 2 * kMiB);
  EXPECT_EQ(pool_.cached_bytes(), 2 * kMiB);
  const int64_t parent_allocations = parent_.num_allocations();
  // The same size, and a slightly smaller one, reuse the block.
  uint8_t* b = Allocate(2 * kMiB);
  EXPECT_EQ(b, a);
  pool_.Free(b, 2 * kMiB);
  uint8_t* c = Allocate(2 * kMiB - 100 * 1024);
  EXPECT_EQ(c, a);
  EXPECT_EQ(parent_.num_allocations(), parent_allocations);
  // Growing within the block stays in place; past it, the data moves along.
  uint8_t* d = c;
  ASSERT_TRUE(pool_.Reallocate(2 * kMiB - 100 * 1024, 2 * kMiB, &d).ok());
  EXPECT_EQ(d, a);
  ASSERT_TRUE(pool_.Reallocate(2 * kMiB, 5 * kMiB, &d).ok());
  EXPECT_NE(d, a);
  EXPECT_EQ(d[2 * kMiB - 1], 7);
  EXPECT_EQ(pool_.cached_bytes(), 2 * kMiB);  // the old block is kept
  pool_.Free(d, 5 * kMiB);
  // A much smaller request does not take a big block.
  uint8_t* e = Allocate(kMiB / 2);
  EXPECT_NE(e, a);
  pool_.Free(e, kMiB / 2);
}

TEST_F(RecyclingMemoryPoolTest, KeepsAtMostItsCacheAndPassesSmallBlocksThrough) {
  uint8_t* blocks[3] = {Allocate(4 * kMiB), Allocate(4 * kMiB), Allocate(4 * kMiB)};
  for (uint8_t* block : blocks) pool_.Free(block, 4 * kMiB);
  EXPECT_EQ(pool_.cached_bytes(), 8 * kMiB);  // the third went back to the parent
  EXPECT_EQ(parent_.bytes_allocated(), 8 * kMiB);
  uint8_t* small = Allocate(1000);
  EXPECT_EQ(parent_.bytes_allocated(), 8 * kMiB + 1000);
  pool_.Free(small, 1000);
  EXPECT_EQ(parent_.bytes_allocated(), 8 * kMiB);
}

TEST_F(RecyclingMemoryPoolTest, BlocksUnusedForTheIdleTimeGoBack) {
  using Clock = RecyclingMemoryPool::Clock;
  uint8_t* old_block = Allocate(2 * kMiB);
  uint8_t* new_block = Allocate(3 * kMiB);
  pool_.Free(old_block, 2 * kMiB);
  const Clock::time_point between = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  pool_.Free(new_block, 3 * kMiB);
  pool_.ReleaseIdle(Clock::now(), std::chrono::hours(1));  // nothing is that old
  EXPECT_EQ(pool_.cached_bytes(), 5 * kMiB);
  // Idle for 1 ms as seen 1 ms after `between`: the block freed before it goes back.
  const auto idle = std::chrono::milliseconds(1);
  pool_.ReleaseIdle(between + idle, idle);
  EXPECT_EQ(pool_.cached_bytes(), 3 * kMiB);
  EXPECT_EQ(parent_.bytes_allocated(), 3 * kMiB);
  EXPECT_EQ(Allocate(3 * kMiB), new_block);  // the fresh one is still served
  pool_.Free(new_block, 3 * kMiB);
  pool_.ReleaseIdle(Clock::now() + std::chrono::hours(1), std::chrono::minutes(1));
  EXPECT_EQ(pool_.cached_bytes(), 0);
  EXPECT_EQ(parent_.bytes_allocated(), 0);
}

TEST_F(RecyclingMemoryPoolTest, ALowerCacheLimitReturnsTheOldestBlocksFirst) {
  uint8_t* first = Allocate(2 * kMiB);
  uint8_t* second = Allocate(2 * kMiB);
  uint8_t* third = Allocate(4 * kMiB);
  pool_.Free(first, 2 * kMiB);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  pool_.Free(second, 2 * kMiB);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  pool_.Free(third, 4 * kMiB);
  ASSERT_EQ(pool_.cached_bytes(), 8 * kMiB);
  pool_.SetCacheLimit(6 * kMiB);
  EXPECT_EQ(pool_.cached_bytes(), 6 * kMiB);
  EXPECT_EQ(Allocate(2 * kMiB), second);  // `first` went back, `second` stayed
  pool_.Free(second, 2 * kMiB);
  pool_.SetCacheLimit(0);
  EXPECT_EQ(pool_.cached_bytes(), 0);
  EXPECT_EQ(parent_.bytes_allocated(), 0);
  uint8_t* again = Allocate(4 * kMiB);
  pool_.Free(again, 4 * kMiB);  // a zero limit keeps nothing
  EXPECT_EQ(pool_.cached_bytes(), 0);
}

}  // namespace
}  // namespace warden::exec
