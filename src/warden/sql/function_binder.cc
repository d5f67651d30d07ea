// Scalar SQL functions, each mapped onto Arrow compute with PostgreSQL's semantics
// (docs/sql-reference.md lists them). Functions whose Arrow kernels take options need
// those arguments as constants.
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/cast.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

namespace {

using Args = std::vector<BoundExpression>;
using Handler = std::function<arrow::Result<BoundExpression>(const std::string&, Args)>;

arrow::Status CheckArity(const std::string& name, const Args& args, size_t min, size_t max) {
  if (args.size() < min || args.size() > max) return BindError(NoSuchFunction(name, args));
  return arrow::Status::OK();
}

bool IsStringType(const arrow::DataType& type) {
  return type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING;
}

arrow::Result<int64_t> ConstantInt(const std::string& name, const BoundExpression& arg) {
  if (arg.constant == nullptr || !arg.constant->is_valid ||
      !arrow::is_integer(arg.constant->type->id())) {
    return Error(ErrorCode::kSqlUnsupported,
                 name + "() needs a constant integer argument here");
  }
  ARROW_ASSIGN_OR_RAISE(auto cast, arg.constant->CastTo(arrow::int64()));
  return static_cast<const arrow::Int64Scalar&>(*cast).value;
}

arrow::Result<std::string> ConstantString(const std::string& name,
                                          const BoundExpression& arg) {
  if (arg.constant == nullptr || !arg.constant->is_valid ||
      !IsStringType(*arg.constant->type)) {
    return Error(ErrorCode::kSqlUnsupported,
                 name + "() needs a constant string argument here");
  }
  return static_cast<const arrow::BaseBinaryScalar&>(*arg.constant).ToString();
}

/// Any NULL constant argument makes the whole call NULL of `type` (strict functions).
std::optional<BoundExpression> NullIfAnyNullConstant(const Args& args,
                                                     std::shared_ptr<arrow::DataType> type) {
  for (const auto& arg : args) {
    if (arg.constant != nullptr && !arg.constant->is_valid) {
      return Constant(arrow::MakeNullScalar(std::move(type)));
    }
  }
  return std::nullopt;
}

arrow::Result<BoundExpression> ToText(BoundExpression value) {
  if (IsStringType(*value.type)) return value;
  return CoerceTo(std::move(value), arrow::utf8());
}

Handler Simple(std::string function, size_t arity = 1) {
  return [function, arity](const std::string& name, Args args) -> arrow::Result<BoundExpression> {
    ARROW_RETURN_NOT_OK(CheckArity(name, args, arity, arity));
    for (const auto& arg : args) {
      // A strict function of an untyped NULL is NULL.
      if (arg.type->id() == arrow::Type::NA) return Constant(arrow::MakeNullScalar(arrow::null()));
    }
    return MakeCall(function, args, nullptr, NoSuchFunction(name, args));
  };
}

/// utf8_slice_codeunits with PostgreSQL's substr(s, start[, count]) arithmetic.
arrow::Result<BoundExpression> Substring(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 3));
  if (auto null = NullIfAnyNullConstant(args, args[0].type)) return *null;
  ARROW_ASSIGN_OR_RAISE(int64_t start, ConstantInt(name, args[1]));
  int64_t stop = std::numeric_limits<int64_t>::max();
  if (args.size() == 3) {
    ARROW_ASSIGN_OR_RAISE(int64_t count, ConstantInt(name, args[2]));
    if (count < 0) return BindError("negative substring length not allowed");
    stop = std::max<int64_t>(start - 1 + count, 0);
  }
  start = std::max<int64_t>(start - 1, 0);
  if (stop < start) stop = start;
  return MakeCall("utf8_slice_codeunits", {args[0]},
                  std::make_shared<cp::SliceOptions>(start, stop), NoSuchFunction(name, args));
}

arrow::Result<BoundExpression> LeftRight(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  if (auto null = NullIfAnyNullConstant(args, args[0].type)) return *null;
  ARROW_ASSIGN_OR_RAISE(int64_t n, ConstantInt(name, args[1]));
  int64_t start = 0;
  int64_t stop = std::numeric_limits<int64_t>::max();
  if (name == "left") {
    stop = n;  // a negative n drops that many from the end, as Arrow's slice does
  } else if (n > 0) {
    start = -n;
  } else if (n == 0) {
    stop = 0;
  } else {
    start = -n;
  }
  return MakeCall("utf8_slice_codeunits", {args[0]},
                  std::make_shared<cp::SliceOptions>(start, stop), NoSuchFunction(name, args));
}

arrow::Result<BoundExpression> Trim(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 1, 2));
  if (auto null = NullIfAnyNullConstant(args, args[0].type)) return *null;
  std::string characters = " ";  // PostgreSQL trims spaces only, not all whitespace
  if (args.size() == 2) {
    ARROW_ASSIGN_OR_RAISE(characters, ConstantString(name, args[1]));
  }
  const std::string function =
      name == "ltrim" ? "utf8_ltrim" : (name == "rtrim" ? "utf8_rtrim" : "utf8_trim");
  return MakeCall(function, {args[0]}, std::make_shared<cp::TrimOptions>(characters),
                  NoSuchFunction(name, args));
}

arrow::Result<BoundExpression> Replace(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 3, 3));
  if (auto null = NullIfAnyNullConstant(args, args[0].type)) return *null;
  ARROW_ASSIGN_OR_RAISE(std::string pattern, ConstantString(name, args[1]));
  ARROW_ASSIGN_OR_RAISE(std::string replacement, ConstantString(name, args[2]));
  if (pattern.empty()) return args[0];
  return MakeCall("replace_substring", {args[0]},
                  std::make_shared<cp::ReplaceSubstringOptions>(pattern, replacement),
                  NoSuchFunction(name, args));
}

/// concat() skips NULLs; || makes NULL of any NULL operand.
arrow::Result<BoundExpression> Concat(const std::string& name, Args args) {
  if (args.empty()) return BindError(NoSuchFunction(name, args));
  const std::string describe = NoSuchFunction(name, args);
  const bool skip_nulls = name == "concat";
  std::vector<BoundExpression> parts;
  for (auto& arg : args) {
    if (arg.constant != nullptr && !arg.constant->is_valid) {
      if (skip_nulls) continue;
      return Constant(arrow::MakeNullScalar(arrow::utf8()));
    }
    ARROW_ASSIGN_OR_RAISE(BoundExpression text, ToText(std::move(arg)));
    ARROW_ASSIGN_OR_RAISE(text, CoerceTo(std::move(text), arrow::utf8()));
    parts.push_back(std::move(text));
  }
  if (parts.empty()) return Constant(std::make_shared<arrow::StringScalar>(""));
  parts.push_back(Constant(std::make_shared<arrow::StringScalar>("")));  // separator
  auto options = std::make_shared<cp::JoinOptions>(
      skip_nulls ? cp::JoinOptions::SKIP : cp::JoinOptions::EMIT_NULL);
  return MakeCall("binary_join_element_wise", std::move(parts), options, describe);
}

/// strpos(s, sub): the 1-based character position of `sub` in `s`, 0 when absent.
arrow::Result<BoundExpression> Strpos(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  if (auto null = NullIfAnyNullConstant(args, arrow::int32())) return *null;
  ARROW_ASSIGN_OR_RAISE(std::string pattern, ConstantString(name, args[1]));
  const std::string describe = NoSuchFunction(name, args);
  if (pattern.empty()) {
    ARROW_ASSIGN_OR_RAISE(BoundExpression valid, MakeCall("is_valid", {args[0]}, nullptr, describe));
    return MakeCall("if_else",
                    {valid, Constant(std::make_shared<arrow::Int32Scalar>(1)),
                     Constant(arrow::MakeNullScalar(arrow::int32()))},
                    nullptr, describe);
  }
  ARROW_ASSIGN_OR_RAISE(
      BoundExpression found,
      MakeCall("match_substring", {args[0]},
               std::make_shared<cp::MatchSubstringOptions>(pattern), describe));
  ARROW_ASSIGN_OR_RAISE(
      BoundExpression parts,
      MakeCall("split_pattern", {args[0]},
               std::make_shared<cp::SplitPatternOptions>(pattern, 1), describe));
  ARROW_ASSIGN_OR_RAISE(
      BoundExpression prefix,
      MakeCall("list_element", {parts, Constant(std::make_shared<arrow::Int32Scalar>(0))},
               nullptr, describe));
  ARROW_ASSIGN_OR_RAISE(BoundExpression length,
                        MakeCall("utf8_length", {prefix}, nullptr, describe));
  ARROW_ASSIGN_OR_RAISE(length, CoerceTo(std::move(length), arrow::int32()));
  ARROW_ASSIGN_OR_RAISE(
      BoundExpression position,
      MakeCall("add", {length, Constant(std::make_shared<arrow::Int32Scalar>(1))}, nullptr,
               describe));
  return MakeCall("if_else", {found, position, Constant(std::make_shared<arrow::Int32Scalar>(0))},
                  nullptr, describe);
}

arrow::Result<BoundExpression> StartsWith(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  if (auto null = NullIfAnyNullConstant(args, arrow::boolean())) return *null;
  ARROW_ASSIGN_OR_RAISE(std::string prefix, ConstantString(name, args[1]));
  return MakeCall("starts_with", {args[0]},
                  std::make_shared<cp::MatchSubstringOptions>(prefix), NoSuchFunction(name, args));
}

/// repeat(s, n): s n times; empty for n <= 0 as in PostgreSQL.
arrow::Result<BoundExpression> Repeat(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  if (auto null = NullIfAnyNullConstant(args, arrow::utf8())) return *null;
  if (!IsStringType(*args[0].type) || !arrow::is_integer(args[1].type->id())) {
    return BindError(NoSuchFunction(name, args));
  }
  const std::string describe = NoSuchFunction(name, args);
  ARROW_ASSIGN_OR_RAISE(args[1], CoerceTo(std::move(args[1]), arrow::int64()));
  ARROW_ASSIGN_OR_RAISE(
      BoundExpression count,
      MakeCall("max_element_wise",
               {args[1], Constant(std::make_shared<arrow::Int64Scalar>(0))}, nullptr,
               describe));
  return MakeCall("binary_repeat", {args[0], count}, nullptr, describe);
}

/// round(x) and round(x, n): halves away from zero, as PostgreSQL rounds numerics.
/// A decimal one digit wider, so that rounding up cannot overflow its precision
/// (round(99.99) = 100.00; Arrow's kernel would wrap silently).
arrow::Result<BoundExpression> WithCarryDigit(BoundExpression value) {
  if (!arrow::is_decimal(value.type->id())) return value;
  const auto& decimal = static_cast<const arrow::DecimalType&>(*value.type);
  if (decimal.precision() >= 38) {
    return Error(ErrorCode::kSqlUnsupported,
                 "rounding a numeric of precision 38 is not supported yet");
  }
  return CoerceTo(std::move(value),
                  arrow::decimal128(decimal.precision() + 1, decimal.scale()));
}

arrow::Result<BoundExpression> Round(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 1, 2));
  if (auto null = NullIfAnyNullConstant(args, args[0].type)) return *null;
  int64_t digits = 0;
  if (args.size() == 2) {
    ARROW_ASSIGN_OR_RAISE(digits, ConstantInt(name, args[1]));
  }
  BoundExpression value = args[0];
  if (arrow::is_integer(value.type->id())) {
    if (digits >= 0) return value;
    ARROW_ASSIGN_OR_RAISE(value, CoerceTo(std::move(value), arrow::float64()));
  }
  ARROW_ASSIGN_OR_RAISE(value, WithCarryDigit(std::move(value)));
  return MakeCall("round", {value},
                  std::make_shared<cp::RoundOptions>(digits, cp::RoundMode::HALF_TOWARDS_INFINITY),
                  NoSuchFunction(name, args));
}

/// Functions over floats take integers as doubles.
Handler Floating(std::string function) {
  return [function](const std::string& name, Args args) -> arrow::Result<BoundExpression> {
    ARROW_RETURN_NOT_OK(CheckArity(name, args, 1, 1));
    if (arrow::is_integer(args[0].type->id()) || arrow::is_decimal(args[0].type->id())) {
      ARROW_ASSIGN_OR_RAISE(args[0], CoerceTo(std::move(args[0]), arrow::float64()));
    }
    return MakeCall(function, args, nullptr, NoSuchFunction(name, args));
  };
}

arrow::Result<BoundExpression> CeilFloor(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 1, 1));
  if (arrow::is_integer(args[0].type->id())) return args[0];
  const std::string describe = NoSuchFunction(name, args);
  ARROW_ASSIGN_OR_RAISE(args[0], WithCarryDigit(std::move(args[0])));
  return MakeCall(name == "floor" ? "floor" : "ceil", args, nullptr, describe);
}

arrow::Result<BoundExpression> Power(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  for (auto& arg : args) {
    ARROW_ASSIGN_OR_RAISE(arg, CoerceTo(std::move(arg), arrow::float64()));
  }
  return MakeCall("power_checked", args, nullptr, NoSuchFunction(name, args));
}

/// mod(a, b) = a - trunc(a / b) * b: the remainder takes the dividend's sign.
arrow::Result<BoundExpression> Mod(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  const std::string describe = NoSuchFunction(name, args);
  if (auto null = NullIfAnyNullConstant(args, args[0].type)) return *null;
  ARROW_RETURN_NOT_OK(UnifyNumericArguments(&args));
  ARROW_ASSIGN_OR_RAISE(BoundExpression quotient,
                        MakeCall("divide_checked", args, nullptr, describe));
  if (!arrow::is_integer(quotient.type->id())) {
    ARROW_ASSIGN_OR_RAISE(quotient, MakeCall("trunc", {quotient}, nullptr, describe));
  }
  ARROW_ASSIGN_OR_RAISE(BoundExpression product,
                        MakeCall("multiply_checked", {quotient, args[1]}, nullptr, describe));
  return MakeCall("subtract_checked", {args[0], product}, nullptr, describe);
}

arrow::Result<BoundExpression> Coalesce(const std::string& name, Args args) {
  if (args.empty()) return BindError(NoSuchFunction(name, args));
  std::shared_ptr<arrow::DataType> type = arrow::null();
  for (const auto& arg : args) {
    ARROW_ASSIGN_OR_RAISE(type, CommonType(type, arg.type, name));
  }
  if (type->id() == arrow::Type::NA) return args[0];
  for (auto& arg : args) {
    ARROW_ASSIGN_OR_RAISE(arg, CoerceTo(std::move(arg), type));
  }
  if (name == "coalesce") return MakeCall("coalesce", args, nullptr, NoSuchFunction(name, args));
  auto options = std::make_shared<cp::ElementWiseAggregateOptions>(/*skip_nulls=*/true);
  return MakeCall(name == "greatest" ? "max_element_wise" : "min_element_wise", args, options,
                  NoSuchFunction(name, args));
}

/// nullif(a, b): NULL when a = b, else a (a NULL b never matches).
arrow::Result<BoundExpression> NullIf(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  const std::string describe = NoSuchFunction(name, args);
  std::shared_ptr<arrow::DataType> type;
  ARROW_ASSIGN_OR_RAISE(type, CommonType(args[0].type, args[1].type, name));
  if (type->id() == arrow::Type::NA) return args[0];
  BoundExpression value = args[0];
  ARROW_ASSIGN_OR_RAISE(args[0], CoerceTo(std::move(args[0]), type));
  ARROW_ASSIGN_OR_RAISE(args[1], CoerceTo(std::move(args[1]), type));
  ARROW_ASSIGN_OR_RAISE(BoundExpression equal, MakeCall("equal", args, nullptr, describe));
  ARROW_ASSIGN_OR_RAISE(
      equal, MakeCall("coalesce", {equal, Constant(std::make_shared<arrow::BooleanScalar>(false))},
                      nullptr, describe));
  return MakeCall("if_else", {equal, Constant(arrow::MakeNullScalar(value.type)), value},
                  nullptr, describe);
}

/// extract(field FROM x) and date_part('field', x).
arrow::Result<BoundExpression> DatePart(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  ARROW_ASSIGN_OR_RAISE(std::string field, ConstantString(name, args[0]));
  for (char& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::map<std::string, std::string> kFields = {
      {"year", "year"},       {"month", "month"},     {"day", "day"},
      {"hour", "hour"},       {"minute", "minute"},   {"second", "second"},
      {"quarter", "quarter"}, {"doy", "day_of_year"}, {"week", "iso_week"},
      {"isoyear", "iso_year"}, {"millisecond", "millisecond"},
      {"microsecond", "microsecond"}};
  const std::string describe = NoSuchFunction(name, args);
  if (field == "dow" || field == "isodow") {
    // PostgreSQL: dow counts Sunday as 0; isodow counts Monday as 1 and Sunday as 7.
    auto options = field == "dow" ? std::make_shared<cp::DayOfWeekOptions>(true, 7)
                                  : std::make_shared<cp::DayOfWeekOptions>(false, 1);
    return MakeCall("day_of_week", {args[1]}, options, describe);
  }
  if (field == "epoch") {
    if (args[1].type->id() == arrow::Type::DURATION) return IntervalEpoch(args[1], describe);
    if (args[1].type->id() != arrow::Type::TIMESTAMP) return BindError(describe);
    auto seconds = arrow::timestamp(arrow::TimeUnit::SECOND,
                                    static_cast<const arrow::TimestampType&>(*args[1].type).timezone());
    ARROW_ASSIGN_OR_RAISE(BoundExpression truncated,
                          MakeCall("cast", {args[1]},
                                   std::make_shared<cp::CastOptions>(cp::CastOptions::Unsafe(seconds)),
                                   describe));
    return MakeCall("cast", {truncated},
                    std::make_shared<cp::CastOptions>(cp::CastOptions::Unsafe(arrow::int64())),
                    describe);
  }
  auto function = kFields.find(field);
  if (function == kFields.end()) {
    return Error(ErrorCode::kSqlUnsupported, "the date part \"" + field + "\"");
  }
  return MakeCall(function->second, {args[1]}, nullptr, describe);
}

arrow::Result<BoundExpression> DateTrunc(const std::string& name, Args args) {
  ARROW_RETURN_NOT_OK(CheckArity(name, args, 2, 2));
  ARROW_ASSIGN_OR_RAISE(std::string unit, ConstantString(name, args[0]));
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::map<std::string, cp::CalendarUnit> kUnits = {
      {"year", cp::CalendarUnit::YEAR},     {"quarter", cp::CalendarUnit::QUARTER},
      {"month", cp::CalendarUnit::MONTH},   {"week", cp::CalendarUnit::WEEK},
      {"day", cp::CalendarUnit::DAY},       {"hour", cp::CalendarUnit::HOUR},
      {"minute", cp::CalendarUnit::MINUTE}, {"second", cp::CalendarUnit::SECOND}};
  auto found = kUnits.find(unit);
  if (found == kUnits.end()) {
    return Error(ErrorCode::kSqlUnsupported, "date_trunc to \"" + unit + "\"");
  }
  BoundExpression value = args[1];
  if (value.type->id() == arrow::Type::DATE32) {
    // PostgreSQL's date_trunc on a date returns a timestamp.
    ARROW_ASSIGN_OR_RAISE(value, CoerceTo(std::move(value),
                                          arrow::timestamp(arrow::TimeUnit::MICRO)));
  }
  return MakeCall("floor_temporal", {value},
                  std::make_shared<cp::RoundTemporalOptions>(1, found->second),
                  NoSuchFunction(name, args));
}

const std::map<std::string, Handler>& Functions() {
  static const std::map<std::string, Handler> kFunctions = {
      {"lower", Simple("utf8_lower")},
      {"upper", Simple("utf8_upper")},
      {"initcap", Simple("utf8_title")},
      {"length", Simple("utf8_length")},
      {"char_length", Simple("utf8_length")},
      {"character_length", Simple("utf8_length")},
      {"octet_length", Simple("binary_length")},
      {"reverse", Simple("utf8_reverse")},
      {"substr", Substring},
      {"substring", Substring},
      {"left", LeftRight},
      {"right", LeftRight},
      {"btrim", Trim},
      {"trim", Trim},
      {"ltrim", Trim},
      {"rtrim", Trim},
      {"replace", Replace},
      {"concat", Concat},
      {"||", Concat},
      {"strpos", Strpos},
      {"position", Strpos},
      {"starts_with", StartsWith},
      {"repeat", Repeat},
      {"lpad", BindPad},
      {"rpad", BindPad},
      {"split_part", BindSplitPart},
      {"abs", Simple("abs_checked")},
      {"round", Round},
      {"ceil", CeilFloor},
      {"ceiling", CeilFloor},
      {"floor", CeilFloor},
      {"trunc", Floating("trunc")},
      {"sqrt", Floating("sqrt_checked")},
      {"ln", Floating("ln_checked")},
      {"log", Floating("log10_checked")},
      {"log10", Floating("log10_checked")},
      {"exp", Floating("exp")},
      {"sign", Simple("sign")},
      {"power", Power},
      {"pow", Power},
      {"mod", Mod},
      {"coalesce", Coalesce},
      {"greatest", Coalesce},
      {"least", Coalesce},
      {"nullif", NullIf},
      {"extract", DatePart},
      {"date_part", DatePart},
      {"date_trunc", DateTrunc},
      {"make_date", BindMakeDate},
      {"= any", BindAnyEqual},
  };
  return kFunctions;
}

}  // namespace

arrow::Result<BoundExpression> BindScalarFunction(const std::string& name, Args args) {
  auto function = Functions().find(name);
  if (function == Functions().end()) {
    return Error(ErrorCode::kSqlUnsupported, "the function " + name + "() is not supported yet");
  }
  return function->second(name, std::move(args));
}

}  // namespace warden::sql::internal
