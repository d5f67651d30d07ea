#pragma once

#include <arrow/array/data.h>
#include <arrow/compute/api.h>
#include <arrow/compute/kernel.h>
#include <arrow/scalar.h>
#include <arrow/type_traits.h>
#include <arrow/util/bitmap_ops.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

/// Shared machinery of the transform kernels: reading literal option arguments, and
/// mapping every value of a string/binary array to a new string.
namespace warden::exec::internal {

/// The kernel's output type is its first argument's type (keeps time zones, decimal
/// precision and offsets width as they are).
inline arrow::compute::OutputType SameTypeAsInput() {
  return arrow::compute::OutputType(
      [](arrow::compute::KernelContext*, const std::vector<arrow::TypeHolder>& types)
          -> arrow::Result<arrow::TypeHolder> { return types[0]; });
}

/// The literal option at argument `index` (e.g. n of mask_last). Arrow passes it as a
/// scalar, or as a length-1 array when every argument of the call is a literal.
template <typename ArrowType>
arrow::Result<typename ArrowType::c_type> LiteralOption(
    const arrow::compute::ExecSpan& batch, int index, std::string_view function) {
  using CType = typename ArrowType::c_type;
  using ScalarType = typename arrow::TypeTraits<ArrowType>::ScalarType;
  const arrow::compute::ExecValue& value = batch[index];
  if (value.is_scalar()) {
    if (!value.scalar->is_valid) {
      return arrow::Status::Invalid(function, ": option ", index, " is null");
    }
    return static_cast<const ScalarType&>(*value.scalar).value;
  }
  if (value.array.length != 1 || value.array.IsNull(0)) {
    return arrow::Status::Invalid(function, ": option ", index,
                                  " must be a non-null literal");
  }
  return value.array.GetValues<CType>(1)[0];
}

/// Bytes of string data that the slots of `input` span (nulls included).
template <typename ArrowType>
int64_t StringDataBytes(const arrow::ArraySpan& input) {
  using Offset = typename ArrowType::offset_type;
  const Offset* offsets = input.GetValues<Offset>(1);
  return static_cast<int64_t>(offsets[input.length] - offsets[0]);
}

/// Builds the output of a string/binary kernel: `transform(value, out)` writes the new
/// value of each non-null slot to `out` and returns how many bytes it wrote, or a
/// negative number on failure; `capacity` bounds the bytes written in total. Nulls
/// stay null.
template <typename ArrowType, typename Transform>
arrow::Status MapStrings(arrow::compute::KernelContext* ctx,
                         const arrow::ArraySpan& input, int64_t capacity,
                         Transform&& transform, arrow::compute::ExecResult* out) {
  using Offset = typename ArrowType::offset_type;
  const Offset* in_offsets = input.GetValues<Offset>(1);
  const uint8_t* in_data = input.buffers[2].data;
  if (capacity > std::numeric_limits<Offset>::max()) {
    return arrow::Status::CapacityError("masked values exceed the ",
                                        input.type->ToString(),
                                        " offset range; use large types");
  }
  ARROW_ASSIGN_OR_RAISE(auto offsets, ctx->Allocate((input.length + 1) * sizeof(Offset)));
  ARROW_ASSIGN_OR_RAISE(auto data, ctx->Allocate(capacity));
  auto* out_offsets = reinterpret_cast<Offset*>(offsets->mutable_data());
  uint8_t* out_data = data->mutable_data();

  int64_t position = 0;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < input.length; ++i) {
    if (input.IsValid(i)) {
      std::string_view value(reinterpret_cast<const char*>(in_data) + in_offsets[i],
                             static_cast<size_t>(in_offsets[i + 1] - in_offsets[i]));
      const int64_t written = transform(value, out_data + position);
      if (written < 0) return arrow::Status::UnknownError("transform failed");
      position += written;
    }
    out_offsets[i + 1] = static_cast<Offset>(position);
  }
  ARROW_RETURN_NOT_OK(data->Resize(position, /*shrink_to_fit=*/false));

  std::shared_ptr<arrow::Buffer> validity;
  const int64_t null_count = input.GetNullCount();
  if (null_count > 0) {
    ARROW_ASSIGN_OR_RAISE(
        validity, arrow::internal::CopyBitmap(ctx->memory_pool(), input.buffers[0].data,
                                              input.offset, input.length));
  }
  out->value = arrow::ArrayData::Make(
      input.type->GetSharedPtr(), input.length,
      {std::move(validity), std::move(offsets), std::move(data)}, null_count);
  return arrow::Status::OK();
}

/// A kernel over one string/binary argument whose output is its own, built by MapStrings.
inline arrow::compute::ScalarKernel StringKernel(
    std::vector<arrow::compute::InputType> in_types,
    arrow::compute::ArrayKernelExec exec) {
  arrow::compute::ScalarKernel kernel(std::move(in_types), SameTypeAsInput(), exec);
  kernel.null_handling = arrow::compute::NullHandling::COMPUTED_NO_PREALLOCATE;
  kernel.mem_allocation = arrow::compute::MemAllocation::NO_PREALLOCATE;
  kernel.can_write_into_slices = false;
  return kernel;
}

/// A kernel with a fixed-width output of the input's type: Arrow preallocates the output
/// and intersects the validity bitmaps, the kernel only writes values.
inline arrow::compute::ScalarKernel FixedWidthKernel(
    std::vector<arrow::compute::InputType> in_types,
    arrow::compute::ArrayKernelExec exec) {
  return arrow::compute::ScalarKernel(std::move(in_types), SameTypeAsInput(), exec);
}

/// Registration helpers, one per kernel file.
arrow::Status RegisterConstantFunctions(arrow::compute::FunctionRegistry* registry);
arrow::Status RegisterMaskFunctions(arrow::compute::FunctionRegistry* registry);
arrow::Status RegisterHashFunctions(arrow::compute::FunctionRegistry* registry);
arrow::Status RegisterNumericFunctions(arrow::compute::FunctionRegistry* registry);

/// The tokenize key set by SetTokenizeKey(); null when none is set.
std::shared_ptr<const std::string> CurrentTokenizeKey();

}  // namespace warden::exec::internal
