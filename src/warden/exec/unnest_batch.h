#pragma once

#include <memory>

#include <arrow/memory_pool.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>

namespace warden::exec {

/// `batch` with each row turned into one row per element of its list column
/// `list_index` (list or large_list), the other columns repeated, the element in the
/// list's place; a NULL or empty list gives no row. Columns whose type differs from
/// `schema`'s (a kernel may pick a wider one) are cast to it. Errors: kInternal when the
/// column is not a list.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> UnnestBatch(
    const arrow::RecordBatch& batch, int list_index, std::shared_ptr<arrow::Schema> schema,
    arrow::MemoryPool* pool);

}  // namespace warden::exec
