#pragma once

#include <arrow/compute/exec.h>
#include <arrow/memory_pool.h>
#include <arrow/result.h>

namespace warden::exec {

/// The rows of `batch` where `mask` (a boolean array of the batch's length) is true; a
/// null in the mask drops its row, as Arrow's filter does by default.
///
/// Row filters of governed views keep most rows (a region, a currency, a tenant), which
/// is where Arrow's filter is slowest: it copies value by value wherever a 64-row block
/// has a gap, and with 5% of rows dropped at random nearly every block has one. Here the
/// selected rows are found as runs once per batch, and each column copies every run with
/// one memcpy (fixed-width values, dictionary indices, string bytes), so a 95% filter
/// costs about what copying costs. A batch whose every row is kept is returned as it is.
/// Sparse selections (short runs) and other column types go through arrow::compute::Filter.
/// The result keeps the batch's index and guarantee.
arrow::Result<arrow::compute::ExecBatch> FilterBatch(const arrow::compute::ExecBatch& batch,
                                                     const arrow::ArrayData& mask,
                                                     arrow::MemoryPool* pool);

}  // namespace warden::exec
