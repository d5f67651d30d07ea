// unnest(list) per batch: the positions of every element of a non-null list and of the
// row it came from are gathered once, then every column is taken at those positions.
#include "warden/exec/unnest_batch.h"

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/cast.h>
#include <arrow/compute/exec.h>

#include "warden/common/error.h"

namespace warden::exec {

namespace {

namespace cp = arrow::compute;

template <typename ListArrayType>
arrow::Status Positions(const arrow::Array& array, arrow::Int64Builder* elements,
                        arrow::Int64Builder* rows) {
  const auto& lists = static_cast<const ListArrayType&>(array);
  for (int64_t row = 0; row < lists.length(); ++row) {
    if (lists.IsNull(row)) continue;
    const int64_t begin = lists.value_offset(row);
    const int64_t length = lists.value_length(row);
    ARROW_RETURN_NOT_OK(elements->Reserve(length));
    ARROW_RETURN_NOT_OK(rows->Reserve(length));
    for (int64_t i = begin; i < begin + length; ++i) {
      elements->UnsafeAppend(i);
      rows->UnsafeAppend(row);
    }
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::RecordBatch>> UnnestBatch(
    const arrow::RecordBatch& batch, int list_index, std::shared_ptr<arrow::Schema> schema,
    arrow::MemoryPool* pool) {
  const auto& list = *batch.column(list_index);
  arrow::Int64Builder elements(pool), rows(pool);
  std::shared_ptr<arrow::Array> values;
  if (list.type_id() == arrow::Type::LIST) {
    ARROW_RETURN_NOT_OK(Positions<arrow::ListArray>(list, &elements, &rows));
    values = static_cast<const arrow::ListArray&>(list).values();
  } else if (list.type_id() == arrow::Type::LARGE_LIST) {
    ARROW_RETURN_NOT_OK(Positions<arrow::LargeListArray>(list, &elements, &rows));
    values = static_cast<const arrow::LargeListArray&>(list).values();
  } else {
    return Error(ErrorCode::kInternal, "unnest of a column that is not a list");
  }
  ARROW_ASSIGN_OR_RAISE(auto element_at, elements.Finish());
  ARROW_ASSIGN_OR_RAISE(auto row_at, rows.Finish());
  cp::ExecContext context(pool);
  std::vector<std::shared_ptr<arrow::Array>> columns;
  for (int i = 0; i < batch.num_columns(); ++i) {
    const bool is_list = i == list_index;
    ARROW_ASSIGN_OR_RAISE(auto taken,
                          cp::Take(is_list ? *values : *batch.column(i),
                                   is_list ? *element_at : *row_at, cp::TakeOptions(),
                                   &context));
    const auto& want = schema->field(i)->type();
    if (!taken->type()->Equals(*want)) {
      ARROW_ASSIGN_OR_RAISE(taken, cp::Cast(*taken, want, cp::CastOptions::Safe(), &context));
    }
    columns.push_back(std::move(taken));
  }
  return arrow::RecordBatch::Make(std::move(schema), row_at->length(), std::move(columns));
}

}  // namespace warden::exec
