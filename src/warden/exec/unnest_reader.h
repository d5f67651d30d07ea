#pragma once

#include <memory>
#include <string>

#include <arrow/memory_pool.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>

/// Execution of the plan's Unnest node. Acero has no unnest node, so the input's batches
/// are expanded one at a time by a reader that feeds a `record_batch_reader_source`.
namespace warden::exec {

/// A reader over `input` that turns each row into one row per element of its list column
/// `list_column`, the other columns repeated, the element in the list's place; a NULL or
/// empty list gives no row. Output batches carry `schema`. Not thread-safe (a reader).
/// Errors: kInternal when `list_column` is not a list column of `input`.
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> MakeUnnestReader(
    std::shared_ptr<arrow::RecordBatchReader> input, const std::string& list_column,
    std::shared_ptr<arrow::Schema> schema, arrow::MemoryPool* pool);

/// One batch unnested (what the reader does to each batch).
arrow::Result<std::shared_ptr<arrow::RecordBatch>> UnnestBatch(
    const arrow::RecordBatch& batch, int list_index, std::shared_ptr<arrow::Schema> schema,
    arrow::MemoryPool* pool);

}  // namespace warden::exec
