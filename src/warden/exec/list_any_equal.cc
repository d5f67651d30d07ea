// PostgreSQL's `value = ANY(array)` over an Arrow list column, vectorized: every element
// is paired with its row's value (take), compared with Arrow's `equal`, and the
// comparisons are folded per row with three-valued logic.
#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/compute/kernel.h>
#include <arrow/compute/registry.h>

#include "warden/exec/sql_functions.h"

namespace warden::exec::internal {
namespace {

namespace cp = arrow::compute;

arrow::Result<std::shared_ptr<arrow::Array>> AsArray(const cp::ExecValue& value,
                                                     int64_t length) {
  if (value.is_array()) return value.array.ToArray();
  return arrow::MakeArrayFromScalar(*value.scalar, length);
}

arrow::Status ListAnyEqualExec(cp::KernelContext* ctx, const cp::ExecSpan& batch,
                               cp::ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(auto list_array, AsArray(batch[0], batch.length));
  ARROW_ASSIGN_OR_RAISE(auto value, AsArray(batch[1], batch.length));
  const auto& lists = static_cast<const arrow::ListArray&>(*list_array);
  // Positions of the elements of non-null lists, and the row each belongs to.
  arrow::Int64Builder element_index, row_index;
  for (int64_t row = 0; row < batch.length; ++row) {
    if (lists.IsNull(row)) continue;
    const int64_t begin = lists.value_offset(row);
    for (int64_t i = begin; i < begin + lists.value_length(row); ++i) {
      ARROW_RETURN_NOT_OK(element_index.Append(i));
      ARROW_RETURN_NOT_OK(row_index.Append(row));
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto elements_at, element_index.Finish());
  ARROW_ASSIGN_OR_RAISE(auto rows_at, row_index.Finish());
  cp::ExecContext* exec = ctx->exec_context();
  ARROW_ASSIGN_OR_RAISE(auto elements,
                        cp::Take(lists.values(), elements_at, cp::TakeOptions(), exec));
  ARROW_ASSIGN_OR_RAISE(auto values, cp::Take(value, rows_at, cp::TakeOptions(), exec));
  ARROW_ASSIGN_OR_RAISE(auto equal, cp::CallFunction("equal", {elements, values}, exec));
  const auto& matches = static_cast<const arrow::BooleanArray&>(*equal.make_array());
  const auto& owners = static_cast<const arrow::Int64Array&>(*rows_at);

  arrow::BooleanBuilder builder;
  ARROW_RETURN_NOT_OK(builder.Reserve(batch.length));
  int64_t k = 0;  // next comparison, in row order
  for (int64_t row = 0; row < batch.length; ++row) {
    bool found = false, unknown = lists.IsNull(row);
    for (; k < owners.length() && owners.Value(k) == row; ++k) {
      if (matches.IsNull(k)) {
        unknown = true;
      } else if (matches.Value(k)) {
        found = true;
      }
    }
    if (found) {
      builder.UnsafeAppend(true);
    } else if (unknown) {
      builder.UnsafeAppendNull();
    } else {
      builder.UnsafeAppend(false);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  out->value = result->data();
  return arrow::Status::OK();
}

}  // namespace

arrow::Status RegisterListAnyEqual(cp::FunctionRegistry* registry) {
  auto function = std::make_shared<cp::ScalarFunction>(
      kListAnyEqualFunction, cp::Arity::Binary(), cp::FunctionDoc::Empty());
  cp::ScalarKernel kernel({cp::InputType(arrow::Type::LIST), cp::InputType::Any()},
                          arrow::boolean(), ListAnyEqualExec);
  kernel.null_handling = cp::NullHandling::COMPUTED_NO_PREALLOCATE;
  kernel.mem_allocation = cp::MemAllocation::NO_PREALLOCATE;
  kernel.can_write_into_slices = false;
  ARROW_RETURN_NOT_OK(function->AddKernel(std::move(kernel)));
  return registry->AddFunction(std::move(function));
}

}  // namespace warden::exec::internal
