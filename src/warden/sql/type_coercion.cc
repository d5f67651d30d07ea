// Implicit conversions between SQL operand types: the common type of two operands
// (CASE, COALESCE, UNION, join keys, comparisons), coercing a value to a type, and
// unifying the numeric arguments of arithmetic calls (CoerceTo, which casts constants
// at bind time, stays in expression_binder.cc beside the constant casts).
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/cast.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <algorithm>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

namespace {

bool IsString(const arrow::DataType& type) {
  return type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING;
}
bool IsInteger(const arrow::DataType& type) { return arrow::is_integer(type.id()); }
bool IsFloating(const arrow::DataType& type) { return arrow::is_floating(type.id()); }
/// A decimal of `decimal`'s scale with room for its values and every value of the
/// integer type `integer` (an int32 needs 10 digits before the point).
std::shared_ptr<arrow::DataType> DecimalHolding(const arrow::DataType& decimal,
                                                const arrow::DataType& integer) {
  const auto& type = static_cast<const arrow::DecimalType&>(decimal);
  const int width = integer.byte_width();
  const int digits = width == 1   ? 3
                     : width == 2 ? 5
                     : width == 4 ? 10
                                  : (arrow::is_unsigned_integer(integer.id()) ? 20 : 19);
  const int precision = std::max(type.precision() - type.scale(), digits) + type.scale();
  if (precision <= 38 && decimal.id() != arrow::Type::DECIMAL256) {
    return arrow::decimal128(precision, type.scale());
  }
  return arrow::decimal256(std::min(precision, 76), type.scale());
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::DataType>> CommonType(
    const std::shared_ptr<arrow::DataType>& a, const std::shared_ptr<arrow::DataType>& b,
    const std::string& context) {
  if (IsNull(*a)) return b;
  if (IsNull(*b) || a->Equals(*b)) return a;
  if (IsInteger(*a) && IsInteger(*b)) {
    const bool a_signed = arrow::is_signed_integer(a->id());
    const bool b_signed = arrow::is_signed_integer(b->id());
    int width = std::max(a->byte_width(), b->byte_width());
    if (a_signed != b_signed) {
      // Only a signed type twice as wide holds an unsigned one (none for uint64).
      const int unsigned_width = a_signed ? b->byte_width() : a->byte_width();
      width = std::max(width, std::min(2 * unsigned_width, 8));
    }
    const bool is_signed = a_signed || b_signed;
    if (!is_signed) return width >= 8 ? arrow::uint64() : (width == 4 ? arrow::uint32() : arrow::uint16());
    return width >= 8 ? arrow::int64() : (width == 4 ? arrow::int32() : arrow::int16());
  }
  const auto numeric = [](const arrow::DataType& t) {
    return IsInteger(t) || IsFloating(t) || IsDecimal(t);
  };
  if (numeric(*a) && numeric(*b)) {
    if (IsDecimal(*a) && IsInteger(*b)) return DecimalHolding(*a, *b);
    if (IsDecimal(*b) && IsInteger(*a)) return DecimalHolding(*b, *a);
    return arrow::float64();
  }
  if (IsString(*a) && IsString(*b)) return arrow::large_utf8();
  if (a->id() == arrow::Type::DATE32 && b->id() == arrow::Type::TIMESTAMP) return b;
  if (b->id() == arrow::Type::DATE32 && a->id() == arrow::Type::TIMESTAMP) return a;
  if (a->id() == arrow::Type::TIMESTAMP && b->id() == arrow::Type::TIMESTAMP) {
    return arrow::timestamp(arrow::TimeUnit::MICRO,
                            static_cast<const arrow::TimestampType&>(*a).timezone());
  }
  return Error(ErrorCode::kSqlBind, context + " types " + TypeName(*a) + " and " + TypeName(*b) +
                   " cannot be matched");
}

arrow::Status UnifyNumericArguments(std::vector<BoundExpression>* args) {
  std::shared_ptr<arrow::DataType> type = arrow::null();
  for (const auto& arg : *args) {
    // Decimals keep Arrow's own rules, which widen precision instead of casting.
    if (!IsInteger(*arg.type) && !IsFloating(*arg.type)) return arrow::Status::OK();
    ARROW_ASSIGN_OR_RAISE(type, CommonType(type, arg.type, "arithmetic"));
  }
  for (auto& arg : *args) {
    ARROW_ASSIGN_OR_RAISE(arg, CoerceTo(std::move(arg), type));
  }
  return arrow::Status::OK();
}

}  // namespace warden::sql::internal
