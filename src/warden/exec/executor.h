#pragma once

#include <cstdint>
#include <memory>

#include <arrow/record_batch.h>
#include <arrow/result.h>

#include "warden/exec/fragment.h"

namespace warden::exec {

/// The memory a query may use when its fragment names no limit (4 GiB).
constexpr int64_t kDefaultQueryMemoryLimit = int64_t{4} << 30;

/// Runs a query plan with Arrow Acero and streams its result, batches carrying exactly
/// `plan.output_schema`. All of the plan's memory comes from a pool capped at
/// `memory_limit_bytes` (0: the default); going over fails the query with
/// WARDEN-QUERY-MEMORY-LIMIT. Closing the reader early stops the plan.
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecutePlan(
    const sql::QueryPlan& plan, int64_t memory_limit_bytes = 0);

/// Runs a fragment (a query plan or an inline result) and streams its result. The reader
/// may be consumed from another thread than the caller's.
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecuteFragment(
    const Fragment& fragment);

/// Stops a reader returned by ExecutePlan/ExecuteFragment from any thread, also while
/// another thread waits in its ReadNext: the plan fails its next allocation and the
/// reader returns Status::Cancelled. Readers of inline results are not affected.
void CancelExecution(arrow::RecordBatchReader* reader);

/// The number of query plans of this process started and not yet stopped (for tests
/// and the worker's logs).
int64_t RunningPlans();

}  // namespace warden::exec
