#include "warden/exec/plan_reader.h"

#include <arrow/acero/options.h>
#include <arrow/array/builder_primitive.h>
#include <arrow/compute/exec.h>
#include <arrow/memory_pool.h>
#include <arrow/util/async_generator.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "warden/common/compute_init.h"

namespace warden::exec {
namespace {

namespace ac = arrow::acero;

constexpr int64_t kRowsPerBatch = 128 << 10;  // 1 MiB of int64 per batch
constexpr int kBatches = 400;

/// A source of kBatches batches of one int64 column that counts how many were pulled,
/// or fails at batch `fail_at`. Each pull takes a millisecond, as reading does: Acero's
/// source node pulls ahead of the batches it delivers, and a source that never waits
/// would be drained before the first delivered batch could pause it.
ac::Declaration CountingSource(std::atomic<int>* produced, int fail_at = -1) {
  auto schema = arrow::schema({arrow::field("x", arrow::int64())});
  arrow::Int64Builder builder;
  EXPECT_TRUE(builder.AppendEmptyValues(kRowsPerBatch).ok());
  std::shared_ptr<arrow::Array> column = builder.Finish().ValueOrDie();
  arrow::compute::ExecBatch batch({column}, kRowsPerBatch);
  std::function<arrow::Future<std::optional<arrow::compute::ExecBatch>>()> generator =
      [produced, batch, fail_at]() -> arrow::Future<std::optional<arrow::compute::ExecBatch>> {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const int index = produced->fetch_add(1);
    if (index == fail_at) return arrow::Status::IOError("disk on fire");
    if (index >= kBatches) return std::optional<arrow::compute::ExecBatch>();
    return std::optional<arrow::compute::ExecBatch>(batch);
  };
  return {"source", ac::SourceNodeOptions(schema, std::move(generator))};
}

/// Waits until `produced` has not moved for a while (the plan paused or finished).
int SettledCount(const std::atomic<int>& produced) {
  int last = -1;
  while (produced.load() != last) {
    last = produced.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return last;
}

class PlanReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeArrowCompute().ok()); }
};

TEST_F(PlanReaderTest, PlanPausesWhileItsReaderDoesNotRead) {
  std::atomic<int> produced{0};
  auto reader = StartPlan(CountingSource(&produced), arrow::default_memory_pool(),
                          /*read_ahead_bytes=*/int64_t{8} << 20);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::shared_ptr<arrow::RecordBatch> batch;
  ASSERT_TRUE((*reader)->ReadNext(&batch).ok());
  ASSERT_NE(batch, nullptr);
  // 8 MiB of 1 MiB batches wait for the reader, plus what the source had in flight when
  // the sink paused it; far from the 400 an unbounded queue takes in.
  EXPECT_LT(SettledCount(produced), 40);

  int64_t rows = batch->num_rows();
  while (true) {
    ASSERT_TRUE((*reader)->ReadNext(&batch).ok());
    if (!batch) break;
    rows += batch->num_rows();
  }
  EXPECT_EQ(rows, kRowsPerBatch * kBatches);  // reading on resumes the plan to the end
}

TEST_F(PlanReaderTest, ThePlansErrorEndsTheStream) {
  std::atomic<int> produced{0};
  auto reader = StartPlan(CountingSource(&produced, /*fail_at=*/3),
                          arrow::default_memory_pool());
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::shared_ptr<arrow::RecordBatch> batch;
  arrow::Status status;
  do {
    status = (*reader)->ReadNext(&batch);
  } while (status.ok() && batch != nullptr);
  EXPECT_TRUE(status.IsIOError()) << status;
  EXPECT_NE(status.message().find("disk on fire"), std::string::npos);
}

TEST_F(PlanReaderTest, DroppingTheReaderStopsThePlan) {
  std::atomic<int> produced{0};
  {
    auto reader = StartPlan(CountingSource(&produced), arrow::default_memory_pool(),
                            /*read_ahead_bytes=*/int64_t{4} << 20);
    ASSERT_TRUE(reader.ok()) << reader.status();
    std::shared_ptr<arrow::RecordBatch> batch;
    ASSERT_TRUE((*reader)->ReadNext(&batch).ok());
  }  // stops the paused plan and waits for it
  const int at_stop = produced.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(produced.load(), at_stop);
  EXPECT_LT(at_stop, kBatches);
}

}  // namespace
}  // namespace warden::exec
