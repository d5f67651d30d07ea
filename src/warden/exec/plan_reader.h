#pragma once

#include <cstdint>
#include <memory>

#include <arrow/acero/exec_plan.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>

namespace warden::exec {

/// How far a plan may run ahead of its reader: the plan's sources pause once this many
/// bytes of finished batches wait to be read, and resume below half of it.
inline constexpr int64_t kPlanReadAheadBytes = int64_t{64} << 20;

/// Starts `declaration` on Arrow's CPU thread pool with every allocation from `pool`, and
/// streams its result. Acero's own DeclarationToReader queues finished batches without a
/// bound: a worker whose client reads slower than the scan decodes (a governed scan
/// sending 64-byte sha2 digests) held hundreds of MiB of results, every one on freshly
/// faulted pages, and the query's memory limit counted them. Here the sink pauses the
/// sources at `read_ahead_bytes`, so results are sent from a few warm buffers that the
/// recycling pool hands out again.
///
/// The reader returns the plan's error, if any, once the stream ends. Dropping it stops
/// the plan and waits for its threads to let go of it.
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> StartPlan(
    arrow::acero::Declaration declaration, arrow::MemoryPool* pool,
    int64_t read_ahead_bytes = kPlanReadAheadBytes);

}  // namespace warden::exec
