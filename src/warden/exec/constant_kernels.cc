// null(), zero() and redact(): every cell becomes the same value of the column's type.
// zero() and redact() also replace nulls, so a masked column does not reveal which cells
// were null.

#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/scalar.h>

#include "warden/exec/transform_functions.h"
#include "warden/exec/transform_kernels_internal.h"

namespace warden::exec::internal {
namespace {

using arrow::compute::ExecResult;
using arrow::compute::ExecSpan;
using arrow::compute::KernelContext;

arrow::Result<std::shared_ptr<arrow::Scalar>> ZeroScalar(
    const std::shared_ptr<arrow::DataType>& type, std::string_view text) {
  if (arrow::is_base_binary_like(type->id())) {
    return arrow::MakeScalar(type, arrow::Buffer::FromString(std::string(text)));
  }
  // Numbers, booleans, decimals, dates, times, timestamps, durations: 0, false, epoch.
  return arrow::MakeScalar(type, 0);
}

arrow::Status FillWith(KernelContext* ctx, const ExecSpan& batch, std::string_view text,
                       ExecResult* out) {
  const auto type = batch[0].type()->GetSharedPtr();
  auto scalar = ZeroScalar(type, text);
  if (!scalar.ok()) {
    return arrow::Status::TypeError("no constant mask value for type ", type->ToString());
  }
  ARROW_ASSIGN_OR_RAISE(
      auto array, arrow::MakeArrayFromScalar(**scalar, batch.length, ctx->memory_pool()));
  out->value = array->data();
  return arrow::Status::OK();
}

arrow::Status NullExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(
      auto array, arrow::MakeArrayOfNull(batch[0].type()->GetSharedPtr(), batch.length,
                                         ctx->memory_pool()));
  out->value = array->data();
  return arrow::Status::OK();
}

arrow::Status ZeroExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  return FillWith(ctx, batch, "", out);
}

arrow::Status RedactExec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  return FillWith(ctx, batch, kRedactedText, out);
}

arrow::Status AddConstantFunction(arrow::compute::FunctionRegistry* registry,
                                  const char* name, std::string summary,
                                  arrow::compute::ArrayKernelExec exec) {
  auto function = std::make_shared<arrow::compute::ScalarFunction>(
      name, arrow::compute::Arity::Unary(),
      arrow::compute::FunctionDoc(std::move(summary), "", {"values"}));
  arrow::compute::ScalarKernel kernel({arrow::compute::InputType::Any()},
                                      SameTypeAsInput(), exec);
  kernel.null_handling = arrow::compute::NullHandling::COMPUTED_NO_PREALLOCATE;
  kernel.mem_allocation = arrow::compute::MemAllocation::NO_PREALLOCATE;
  kernel.can_write_into_slices = false;
  ARROW_RETURN_NOT_OK(function->AddKernel(std::move(kernel)));
  return registry->AddFunction(std::move(function));
}

}  // namespace

arrow::Status RegisterConstantFunctions(arrow::compute::FunctionRegistry* registry) {
  ARROW_RETURN_NOT_OK(AddConstantFunction(registry, kNullFunction,
                                          "Replace every value with null", NullExec));
  ARROW_RETURN_NOT_OK(AddConstantFunction(registry, kZeroFunction,
                                          "Replace every value with the zero of its type",
                                          ZeroExec));
  return AddConstantFunction(registry, kRedactFunction,
                             "Replace every value with 'REDACTED' (strings) or zero",
                             RedactExec);
}

}  // namespace warden::exec::internal
