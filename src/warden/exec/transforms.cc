#include "warden/exec/transforms.h"

#include <arrow/compute/api_scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "warden/common/error.h"

namespace warden::exec {
namespace {

namespace cp = arrow::compute;
using ArgList = std::vector<TransformArg>;

arrow::Status Invalid(std::string message) {
  return Error(ErrorCode::kPolicyInvalidTransform, std::move(message));
}

bool IsString(const arrow::DataType& type) {
  return type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING;
}

bool IsStringOrBinary(const arrow::DataType& type) {
  return arrow::is_base_binary_like(type.id());
}

bool IsInteger(const arrow::DataType& type) { return arrow::is_integer(type.id()); }

bool IsFloat(const arrow::DataType& type) {
  return type.id() == arrow::Type::FLOAT || type.id() == arrow::Type::DOUBLE;
}

bool IsDecimal(const arrow::DataType& type) { return arrow::is_decimal(type.id()); }

bool IsAnyType(const arrow::DataType&) { return true; }

/// Types with a zero value (0, false, '', epoch) and so a constant for zero()/redact().
bool HasZero(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::BOOL:
    case arrow::Type::HALF_FLOAT:
    case arrow::Type::FLOAT:
    case arrow::Type::DOUBLE:
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::TIME32:
    case arrow::Type::TIME64:
    case arrow::Type::DURATION:
      return true;
    default:
      return IsInteger(type) || IsDecimal(type) || IsStringOrBinary(type);
  }
}

bool IsStringOrInteger(const arrow::DataType& type) {
  return IsString(type) || IsInteger(type);
}

bool IsNumber(const arrow::DataType& type) {
  return IsInteger(type) || IsFloat(type) || IsDecimal(type);
}

bool IsIntegerOrFloat(const arrow::DataType& type) {
  return IsInteger(type) || IsFloat(type);
}

bool IsDateOrTimestamp(const arrow::DataType& type) {
  return type.id() == arrow::Type::DATE32 || type.id() == arrow::Type::DATE64 ||
         type.id() == arrow::Type::TIMESTAMP;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

/// A non-negative integer argument no smaller than `minimum`.
arrow::Status CheckInteger(std::string_view call, const TransformArg& arg,
                           std::string_view what, int64_t minimum) {
  if (!arg.is_integer() || arg.integer() < minimum) {
    return Invalid(std::string(call) + ": " + std::string(what) +
                   " must be an integer >= " + std::to_string(minimum) + ", got " +
                   arg.ToString());
  }
  return arrow::Status::OK();
}

// The calendar units of round_date(unit).
const std::vector<std::pair<std::string, cp::CalendarUnit>>& DateUnits() {
  static const std::vector<std::pair<std::string, cp::CalendarUnit>> units = {
      {"year", cp::CalendarUnit::YEAR},
      {"month", cp::CalendarUnit::MONTH},
      {"day", cp::CalendarUnit::DAY},
      {"hour", cp::CalendarUnit::HOUR},
      {"minute", cp::CalendarUnit::MINUTE}};
  return units;
}

arrow::Result<cp::CalendarUnit> DateUnit(std::string_view call, const TransformArg& arg) {
  if (arg.is_string()) {
    for (const auto& [name, unit] : DateUnits()) {
      if (Lower(arg.string()) == name) return unit;
    }
  }
  return Invalid(std::string(call) +
                 ": unit must be one of 'year', 'month', 'day', 'hour', 'minute', got " +
                 arg.ToString());
}

/// Largest n for generalize(n) on an integer or decimal type: a multiple wider than the
/// type would map every value to zero and is most likely a mistake in the GRANT.
arrow::Status CheckGeneralizeArg(std::string_view call, const ArgList& args,
                                 const arrow::DataType& type) {
  const TransformArg& n = args[0];
  if (IsFloat(type)) {
    if (!n.is_number() || !(n.number() > 0) || !std::isfinite(n.number())) {
      return Invalid(std::string(call) + ": n must be a positive number, got " +
                     n.ToString());
    }
    return arrow::Status::OK();
  }
  ARROW_RETURN_NOT_OK(CheckInteger(call, n, "n", 1));
  if (IsInteger(type)) {
    const auto& integer_type = static_cast<const arrow::IntegerType&>(type);
    const int bits = integer_type.bit_width() - (integer_type.is_signed() ? 1 : 0);
    if (bits < 63 && n.integer() > (int64_t{1} << bits) - 1) {
      return Invalid(std::string(call) + ": n does not fit column type " +
                     type.ToString());
    }
    return arrow::Status::OK();
  }
  const auto& decimal_type = static_cast<const arrow::DecimalType&>(type);
  int digits = 0;
  for (int64_t rest = n.integer(); rest > 0; rest /= 10) ++digits;
  if (digits > decimal_type.precision() - decimal_type.scale()) {
    return Invalid(std::string(call) + ": n does not fit column type " + type.ToString());
  }
  return arrow::Status::OK();
}

arrow::Status NoArgCheck(std::string_view, const ArgList&, const arrow::DataType&) {
  return arrow::Status::OK();
}

using ArgCheck = arrow::Status (*)(std::string_view call, const ArgList& args,
                                   const arrow::DataType& type);
using Builder = arrow::Result<cp::Expression> (*)(const ArgList& args,
                                                  cp::Expression input,
                                                  const arrow::DataType& type);

/// What a transform accepts and how it becomes an expression.
struct TransformSpec {
  const char* name;
  size_t min_args;
  size_t max_args;
  const char* usage;  // the accepted call forms, for messages
  bool (*applies_to)(const arrow::DataType& type);
  const char* applies_to_text;
  ArgCheck check_args;
  Builder build;
};

cp::Expression Call(const char* function, cp::Expression input,
                    std::vector<cp::Expression> options = {}) {
  std::vector<cp::Expression> arguments{std::move(input)};
  for (auto& option : options) arguments.push_back(std::move(option));
  return cp::call(function, std::move(arguments));
}

template <const char* kFunction>
arrow::Result<cp::Expression> BuildUnary(const ArgList&, cp::Expression input,
                                         const arrow::DataType&) {
  return Call(kFunction, std::move(input));
}

arrow::Result<cp::Expression> BuildMask(const ArgList& args, cp::Expression input,
                                        const arrow::DataType&) {
  if (args.empty()) return Call(kMaskFunction, std::move(input));
  return Call(kMaskRangeFunction, std::move(input),
              {cp::literal(args[0].integer()), cp::literal(args[1].integer())});
}

arrow::Status CheckMaskArgs(std::string_view call, const ArgList& args,
                            const arrow::DataType&) {
  if (args.empty()) return arrow::Status::OK();
  ARROW_RETURN_NOT_OK(CheckInteger(call, args[0], "start", 1));
  return CheckInteger(call, args[1], "length", 0);
}

arrow::Result<cp::Expression> BuildMaskLast(const ArgList& args, cp::Expression input,
                                            const arrow::DataType&) {
  return Call(kMaskLastFunction, std::move(input), {cp::literal(args[0].integer())});
}

arrow::Status CheckMaskLastArgs(std::string_view call, const ArgList& args,
                                const arrow::DataType&) {
  return CheckInteger(call, args[0], "n", 0);
}

// sha2(256) is accepted for compatibility with Hive's sha2(value, 256).
arrow::Status CheckSha2Args(std::string_view call, const ArgList& args,
                            const arrow::DataType&) {
  if (!args.empty() && !(args[0].is_integer() && args[0].integer() == 256)) {
    return Invalid(std::string(call) +
                   ": only SHA-256 is supported (sha2() or sha2(256))");
  }
  return arrow::Status::OK();
}

arrow::Status CheckRoundDateArgs(std::string_view call, const ArgList& args,
                                 const arrow::DataType&) {
  return DateUnit(call, args[0]).status();
}

// floor_temporal works in local time, but fails on zoned timestamps whose floor is an
// ambiguous or nonexistent local time (DST changes). So zoned timestamps are floored as
// local wall-clock times and put back in their zone choosing, for an ambiguous time, the
// earlier instant and, for a time in a DST gap, the end of the gap: both keep the result
// at or before the input and never fail.
arrow::Result<cp::Expression> BuildRoundDate(const ArgList& args, cp::Expression input,
                                             const arrow::DataType& type) {
  ARROW_ASSIGN_OR_RAISE(cp::CalendarUnit unit, DateUnit("round_date", args[0]));
  const cp::RoundTemporalOptions round(/*multiple=*/1, unit);
  const auto* timestamp = dynamic_cast<const arrow::TimestampType*>(&type);
  if (timestamp == nullptr || timestamp->timezone().empty()) {
    return cp::call("floor_temporal", {std::move(input)}, round);
  }
  cp::Expression local = cp::call("local_timestamp", {std::move(input)});
  cp::Expression floored = cp::call("floor_temporal", {std::move(local)}, round);
  return cp::call(
      "assume_timezone", {std::move(floored)},
      cp::AssumeTimezoneOptions(timestamp->timezone(),
                                cp::AssumeTimezoneOptions::AMBIGUOUS_EARLIEST,
                                cp::AssumeTimezoneOptions::NONEXISTENT_LATEST));
}

arrow::Result<cp::Expression> BuildGeneralize(const ArgList& args, cp::Expression input,
                                              const arrow::DataType& type) {
  cp::Expression n =
      IsFloat(type) ? cp::literal(args[0].number()) : cp::literal(args[0].integer());
  return Call(kGeneralizeFunction, std::move(input), {std::move(n)});
}

const std::vector<TransformSpec>& Specs() {
  static const std::vector<TransformSpec> specs = {
      {"null", 0, 0, "null()", IsAnyType, "columns of any type", NoArgCheck,
       BuildUnary<kNullFunction>},
      {"zero", 0, 0, "zero()", HasZero,
       "number, boolean, string, binary, date, time, timestamp and duration columns",
       NoArgCheck, BuildUnary<kZeroFunction>},
      {"redact", 0, 0, "redact()", HasZero,
       "number, boolean, string, binary, date, time, timestamp and duration columns",
       NoArgCheck, BuildUnary<kRedactFunction>},
      {"mask", 0, 2, "mask() or mask(start, length)", IsString, "string columns",
       CheckMaskArgs, BuildMask},
      {"mask_last", 1, 1, "mask_last(n)", IsString, "string columns", CheckMaskLastArgs,
       BuildMaskLast},
      {"mask_ccn", 0, 0, "mask_ccn()", IsString, "string columns", NoArgCheck,
       BuildUnary<kMaskCcnFunction>},
      {"mask_email", 0, 0, "mask_email()", IsString, "string columns", NoArgCheck,
       BuildUnary<kMaskEmailFunction>},
      {"sha2", 0, 1, "sha2()", IsStringOrBinary, "string and binary columns",
       CheckSha2Args, BuildUnary<kSha2Function>},
      {"tokenize", 0, 0, "tokenize()", IsStringOrInteger, "string and integer columns",
       NoArgCheck, BuildUnary<kTokenizeFunction>},
      {"round_date", 1, 1, "round_date(unit)", IsDateOrTimestamp,
       "date and timestamp columns", CheckRoundDateArgs, BuildRoundDate},
      {"generalize", 1, 1, "generalize(n)", IsNumber,
       "integer, floating point and decimal columns", CheckGeneralizeArg,
       BuildGeneralize},
      {"phi_age", 0, 0, "phi_age()", IsIntegerOrFloat,
       "integer and floating point columns", NoArgCheck, BuildUnary<kPhiAgeFunction>},
  };
  return specs;
}

arrow::Result<const TransformSpec*> FindSpec(std::string_view name) {
  const std::string lower = Lower(name);
  for (const TransformSpec& spec : Specs()) {
    if (lower == spec.name) return &spec;
  }
  std::string known;
  for (const std::string& transform : TransformNames()) {
    known += (known.empty() ? "" : ", ") + transform;
  }
  return Invalid("unknown transform '" + std::string(name) +
                 "'; the built-in transforms are " + known);
}

arrow::Result<const TransformSpec*> CheckedSpec(std::string_view name,
                                                const ArgList& args,
                                                const arrow::DataType& input_type) {
  ARROW_ASSIGN_OR_RAISE(const TransformSpec* spec, FindSpec(name));
  const std::string call = TransformToString(spec->name, args);
  if (args.size() < spec->min_args || args.size() > spec->max_args ||
      (std::string_view(spec->name) == "mask" && args.size() == 1)) {
    return Invalid(call + ": wrong number of arguments; use " + spec->usage);
  }
  if (!spec->applies_to(input_type)) {
    return Invalid(call + " does not apply to a column of type " + input_type.ToString() +
                   "; it applies to " + spec->applies_to_text);
  }
  ARROW_RETURN_NOT_OK(spec->check_args(call, args, input_type));
  return spec;
}

}  // namespace

std::string TransformArg::ToString() const {
  if (is_integer()) return std::to_string(integer());
  if (is_string()) {
    std::string quoted = "'";
    for (char c : string()) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
  }
  char text[32];
  std::snprintf(text, sizeof(text), "%.17g", number());
  return text;
}

arrow::Result<TransformArg> TransformArgFromScalar(const arrow::Scalar& scalar) {
  if (scalar.is_valid) {
    switch (scalar.type->id()) {
      case arrow::Type::INT8:
        return TransformArg(static_cast<const arrow::Int8Scalar&>(scalar).value);
      case arrow::Type::INT16:
        return TransformArg(static_cast<const arrow::Int16Scalar&>(scalar).value);
      case arrow::Type::INT32:
        return TransformArg(static_cast<const arrow::Int32Scalar&>(scalar).value);
      case arrow::Type::INT64:
        return TransformArg(static_cast<const arrow::Int64Scalar&>(scalar).value);
      case arrow::Type::UINT8:
        return TransformArg(static_cast<const arrow::UInt8Scalar&>(scalar).value);
      case arrow::Type::UINT16:
        return TransformArg(static_cast<const arrow::UInt16Scalar&>(scalar).value);
      case arrow::Type::UINT32:
        return TransformArg(static_cast<const arrow::UInt32Scalar&>(scalar).value);
      case arrow::Type::UINT64: {
        const uint64_t value = static_cast<const arrow::UInt64Scalar&>(scalar).value;
        if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return TransformArg(static_cast<int64_t>(value));
        }
        break;
      }
      case arrow::Type::FLOAT:
        return TransformArg(
            static_cast<double>(static_cast<const arrow::FloatScalar&>(scalar).value));
      case arrow::Type::DOUBLE:
        return TransformArg(static_cast<const arrow::DoubleScalar&>(scalar).value);
      case arrow::Type::STRING:
      case arrow::Type::LARGE_STRING:
        return TransformArg(
            static_cast<const arrow::BaseBinaryScalar&>(scalar).value->ToString());
      default:
        break;
    }
  }
  return Invalid("transform arguments are integer, number or string literals, not " +
                 scalar.ToString());
}

const std::vector<std::string>& TransformNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const TransformSpec& spec : Specs()) result.emplace_back(spec.name);
    return result;
  }();
  return names;
}

std::string TransformToString(std::string_view name,
                              const std::vector<TransformArg>& args) {
  std::string text = std::string(name) + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    text += (i == 0 ? "" : ", ") + args[i].ToString();
  }
  return text + ")";
}

arrow::Status ValidateTransform(std::string_view name,
                                const std::vector<TransformArg>& args,
                                const arrow::DataType& input_type) {
  return CheckedSpec(name, args, input_type).status();
}

arrow::Result<cp::Expression> MakeTransformExpression(
    std::string_view name, const std::vector<TransformArg>& args, cp::Expression input,
    const arrow::DataType& input_type) {
  ARROW_ASSIGN_OR_RAISE(const TransformSpec* spec, CheckedSpec(name, args, input_type));
  return spec->build(args, std::move(input), input_type);
}

}  // namespace warden::exec
