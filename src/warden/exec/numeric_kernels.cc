// generalize(n) and phi_age() on numbers; both keep the column's type and never fail on a
// value, so a query cannot be made to error by the data it reads.

#include <arrow/util/decimal.h>

#include <cmath>

#include "warden/exec/transform_functions.h"
#include "warden/exec/transform_kernels_internal.h"

namespace warden::exec::internal {
namespace {

using arrow::compute::ExecResult;
using arrow::compute::ExecSpan;
using arrow::compute::InputType;
using arrow::compute::KernelContext;

/// The largest multiple of n that is <= x; where that multiple does not fit the type (x
/// within n of the type's minimum), the multiple next to it towards zero.
template <typename T>
T FloorToMultiple(T x, T n) {
  if constexpr (std::is_unsigned_v<T>) {
    return x - x % n;
  } else {
    T quotient = x / n;
    if (x % n != 0 && x < 0) {
      T lower;
      if (!__builtin_mul_overflow(static_cast<T>(quotient - 1), n, &lower)) return lower;
    }
    return static_cast<T>(quotient * n);
  }
}

inline double FloorToMultiple(double x, double n) {
  const double result = std::floor(x / n) * n;
  // x / n overflows only for huge x, which then has no fraction of n left to drop.
  return std::isfinite(result) || !std::isfinite(x) ? result : x;
}

template <typename Type>
arrow::Status GeneralizeIntegerExec(KernelContext*, const ExecSpan& batch,
                                    ExecResult* out) {
  using CType = typename Type::c_type;
  ARROW_ASSIGN_OR_RAISE(int64_t n,
                        LiteralOption<arrow::Int64Type>(batch, 1, kGeneralizeFunction));
  if (n <= 0 || static_cast<uint64_t>(n) > std::numeric_limits<CType>::max()) {
    return arrow::Status::Invalid(kGeneralizeFunction, ": n must be in [1, ",
                                  +std::numeric_limits<CType>::max(), "]");
  }
  const arrow::ArraySpan& input = batch[0].array;
  const CType* values = input.GetValues<CType>(1);
  CType* results = out->array_span_mutable()->GetValues<CType>(1);
  const auto multiple = static_cast<CType>(n);
  for (int64_t i = 0; i < input.length; ++i)
    results[i] = FloorToMultiple(values[i], multiple);
  return arrow::Status::OK();
}

template <typename Type>
arrow::Status GeneralizeFloatExec(KernelContext*, const ExecSpan& batch,
                                  ExecResult* out) {
  using CType = typename Type::c_type;
  ARROW_ASSIGN_OR_RAISE(double n,
                        LiteralOption<arrow::DoubleType>(batch, 1, kGeneralizeFunction));
  if (!(n > 0) || !std::isfinite(n)) {
    return arrow::Status::Invalid(kGeneralizeFunction, ": n must be positive and finite");
  }
  const arrow::ArraySpan& input = batch[0].array;
  const CType* values = input.GetValues<CType>(1);
  CType* results = out->array_span_mutable()->GetValues<CType>(1);
  for (int64_t i = 0; i < input.length; ++i) {
    results[i] = static_cast<CType>(FloorToMultiple(static_cast<double>(values[i]), n));
  }
  return arrow::Status::OK();
}

/// Decimals: n counts whole units, so the multiple is n * 10^scale in the unscaled value.
/// A result past the column's precision (x near its most negative value) rounds towards
/// zero instead, like integers at their minimum.
template <typename Type>
arrow::Status GeneralizeDecimalExec(KernelContext*, const ExecSpan& batch,
                                    ExecResult* out) {
  using Decimal = typename arrow::TypeTraits<Type>::CType;
  ARROW_ASSIGN_OR_RAISE(int64_t n,
                        LiteralOption<arrow::Int64Type>(batch, 1, kGeneralizeFunction));
  const auto& type = static_cast<const arrow::DecimalType&>(*batch[0].type());
  // n < 10^(precision - scale), so n * 10^scale < 10^precision cannot overflow.
  int32_t digits = 0;
  for (int64_t rest = n; rest > 0; rest /= 10) ++digits;
  if (n <= 0 || digits > type.precision() - type.scale()) {
    return arrow::Status::Invalid(kGeneralizeFunction, ": n must be positive and fit ",
                                  type.ToString());
  }
  const Decimal multiple = Decimal(n) * Decimal::GetScaleMultiplier(type.scale());
  const arrow::ArraySpan& input = batch[0].array;
  const int32_t width = type.byte_width();
  const uint8_t* values = input.buffers[1].data + input.offset * width;
  arrow::ArraySpan* output = out->array_span_mutable();
  uint8_t* results = output->buffers[1].data + output->offset * width;
  for (int64_t i = 0; i < input.length; ++i) {
    const Decimal x(values + i * width);
    ARROW_ASSIGN_OR_RAISE(auto division, x.Divide(multiple));
    const auto& [quotient, remainder] = division;
    Decimal result = quotient * multiple;
    if (remainder != Decimal(0) && x.IsNegative()) {
      // Decimal256 has no binary minus.
      const Decimal lower = result + (-multiple);
      if (lower.FitsInPrecision(type.precision())) result = lower;
    }
    result.ToBytes(results + i * width);
  }
  return arrow::Status::OK();
}

/// HIPAA safe harbor: ages over 89 are shown as 90.
template <typename Type>
arrow::Status PhiAgeExec(KernelContext*, const ExecSpan& batch, ExecResult* out) {
  using CType = typename Type::c_type;
  const arrow::ArraySpan& input = batch[0].array;
  const CType* values = input.GetValues<CType>(1);
  CType* results = out->array_span_mutable()->GetValues<CType>(1);
  for (int64_t i = 0; i < input.length; ++i) {
    results[i] = values[i] > CType(89) ? CType(90) : values[i];
  }
  return arrow::Status::OK();
}

template <typename Type>
arrow::Status AddIntegerKernels(arrow::compute::ScalarFunction* generalize,
                                arrow::compute::ScalarFunction* phi_age) {
  ARROW_RETURN_NOT_OK(generalize->AddKernel(
      FixedWidthKernel({InputType(Type::type_id), InputType(arrow::Type::INT64)},
                       GeneralizeIntegerExec<Type>)));
  return phi_age->AddKernel(
      FixedWidthKernel({InputType(Type::type_id)}, PhiAgeExec<Type>));
}

}  // namespace

arrow::Status RegisterNumericFunctions(arrow::compute::FunctionRegistry* registry) {
  using arrow::compute::Arity;
  using arrow::compute::FunctionDoc;
  using arrow::compute::ScalarFunction;
  auto generalize = std::make_shared<ScalarFunction>(
      kGeneralizeFunction, Arity::Binary(),
      FunctionDoc("Round down to a multiple of n", "", {"numbers", "n"}));
  auto phi_age = std::make_shared<ScalarFunction>(
      kPhiAgeFunction, Arity::Unary(),
      FunctionDoc("Show ages over 89 as 90", "", {"ages"}));

  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::Int8Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::Int16Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::Int32Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::Int64Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::UInt8Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::UInt16Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::UInt32Type>(generalize.get(), phi_age.get()));
  ARROW_RETURN_NOT_OK(
      AddIntegerKernels<arrow::UInt64Type>(generalize.get(), phi_age.get()));

  ARROW_RETURN_NOT_OK(generalize->AddKernel(
      FixedWidthKernel({InputType(arrow::Type::FLOAT), InputType(arrow::Type::DOUBLE)},
                       GeneralizeFloatExec<arrow::FloatType>)));
  ARROW_RETURN_NOT_OK(generalize->AddKernel(
      FixedWidthKernel({InputType(arrow::Type::DOUBLE), InputType(arrow::Type::DOUBLE)},
                       GeneralizeFloatExec<arrow::DoubleType>)));
  ARROW_RETURN_NOT_OK(generalize->AddKernel(
      FixedWidthKernel({InputType(arrow::Type::DECIMAL32), InputType(arrow::Type::INT64)},
                       GeneralizeDecimalExec<arrow::Decimal32Type>)));
  ARROW_RETURN_NOT_OK(generalize->AddKernel(
      FixedWidthKernel({InputType(arrow::Type::DECIMAL64), InputType(arrow::Type::INT64)},
                       GeneralizeDecimalExec<arrow::Decimal64Type>)));
  ARROW_RETURN_NOT_OK(generalize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::DECIMAL128), InputType(arrow::Type::INT64)},
      GeneralizeDecimalExec<arrow::Decimal128Type>)));
  ARROW_RETURN_NOT_OK(generalize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::DECIMAL256), InputType(arrow::Type::INT64)},
      GeneralizeDecimalExec<arrow::Decimal256Type>)));
  ARROW_RETURN_NOT_OK(phi_age->AddKernel(
      FixedWidthKernel({InputType(arrow::Type::FLOAT)}, PhiAgeExec<arrow::FloatType>)));
  ARROW_RETURN_NOT_OK(phi_age->AddKernel(
      FixedWidthKernel({InputType(arrow::Type::DOUBLE)}, PhiAgeExec<arrow::DoubleType>)));
  ARROW_RETURN_NOT_OK(registry->AddFunction(std::move(generalize)));
  return registry->AddFunction(std::move(phi_age));
}

}  // namespace warden::exec::internal
