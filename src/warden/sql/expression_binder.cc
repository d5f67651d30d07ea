#include <arrow/array/builder_base.h>
#include <arrow/builder.h>
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/api_aggregate.h>
#include <arrow/compute/cast.h>
#include <arrow/compute/exec.h>
#include <arrow/array/util.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <cmath>
#include <limits>
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

namespace {

bool IsString(const arrow::DataType& type) {
  return type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING;
}

bool IsTemporal(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::TIME32:
    case arrow::Type::TIME64:
      return true;
    default:
      return false;
  }
}

const char* TemporalKind(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
      return "date";
    case arrow::Type::TIMESTAMP:
      return "timestamp";
    default:
      return "time";
  }
}

/// The constant as it would be written in SQL, for messages (only user-written values).
std::string ShowConstant(const arrow::Scalar& scalar) {
  if (!scalar.is_valid) return "NULL";
  if (IsString(*scalar.type)) return "'" + scalar.ToString() + "'";
  return scalar.ToString();
}


std::shared_ptr<arrow::Scalar> ScalarFromLiteral(const LiteralValue& value) {
  struct Visitor {
    std::shared_ptr<arrow::Scalar> operator()(std::monostate) const {
      return std::make_shared<arrow::NullScalar>();
    }
    std::shared_ptr<arrow::Scalar> operator()(bool v) const {
      return std::make_shared<arrow::BooleanScalar>(v);
    }
    std::shared_ptr<arrow::Scalar> operator()(int64_t v) const {
      return std::make_shared<arrow::Int64Scalar>(v);
    }
    std::shared_ptr<arrow::Scalar> operator()(double v) const {
      return std::make_shared<arrow::DoubleScalar>(v);
    }
    std::shared_ptr<arrow::Scalar> operator()(const std::string& v) const {
      return std::make_shared<arrow::StringScalar>(v);
    }
  };
  return std::visit(Visitor{}, value);
}

/// The type `function` returns for `args`, found by binding the call against a schema
/// holding one field per argument type.
arrow::Result<std::shared_ptr<arrow::DataType>> ResultType(
    const std::string& function, const std::vector<BoundExpression>& args,
    const std::shared_ptr<cp::FunctionOptions>& options) {
  arrow::FieldVector fields;
  std::vector<cp::Expression> refs;
  for (size_t i = 0; i < args.size(); ++i) {
    fields.push_back(arrow::field("a" + std::to_string(i), args[i].type));
    refs.push_back(cp::field_ref(fields.back()->name()));
  }
  ARROW_ASSIGN_OR_RAISE(
      cp::Expression bound,
      cp::call(function, std::move(refs), options).Bind(*arrow::schema(fields)));
  return bound.call()->type.GetSharedPtr();
}

std::string ArgumentTypes(const std::vector<BoundExpression>& args) {
  std::string types;
  for (const auto& arg : args) {
    if (!types.empty()) types += ", ";
    types += TypeName(*arg.type);
  }
  return types;
}

/// Casts a constant to `type`; string constants for dates and timestamps are parsed.
arrow::Result<BoundExpression> CastConstant(
    const BoundExpression& value, const std::shared_ptr<arrow::DataType>& type) {
  if (value.constant->type->Equals(*type)) return value;
  auto cast = cp::Cast(arrow::Datum(value.constant), cp::CastOptions::Safe(type));
  if (!cast.ok() && type->id() == arrow::Type::TIMESTAMP &&
      !static_cast<const arrow::TimestampType&>(*type).timezone().empty()) {
    // A literal without a zone offset is read as UTC.
    auto naive = arrow::timestamp(static_cast<const arrow::TimestampType&>(*type).unit());
    cast = cp::Cast(arrow::Datum(value.constant), cp::CastOptions::Safe(naive));
    if (cast.ok()) cast = cp::Cast(*cast, cp::CastOptions::Safe(type));
  }
  if (!cast.ok() && arrow::is_decimal(type->id()) &&
      arrow::is_numeric(value.constant->type->id())) {
    // Arrow checks a number-to-decimal cast against the whole range of the number's
    // type (an int64 needs precision 19 + scale), not the value: go through the
    // widest decimal of that scale, then narrow with a check of the value itself.
    const int scale = static_cast<const arrow::DecimalType&>(*type).scale();
    cast = cp::Cast(arrow::Datum(value.constant),
                    cp::CastOptions::Safe(arrow::decimal256(76, scale)));
    if (cast.ok()) cast = cp::Cast(*cast, cp::CastOptions::Safe(type));
  }
  if (cast.ok() && arrow::is_decimal(type->id()) &&
      arrow::is_floating(value.constant->type->id())) {
    // Arrow rounds a float to the decimal's scale even in a safe cast: 1.255 would
    // become 1.25 and compare equal to it. Only an exact conversion counts.
    auto back = cp::Cast(*cast, arrow::float64());
    auto original = cp::Cast(arrow::Datum(value.constant), arrow::float64());
    if (!back.ok() || !original.ok() || !back->scalar()->Equals(*original->scalar())) {
      cast = arrow::Status::Invalid("inexact");
    }
  }
  if (!cast.ok()) {
    if (IsString(*value.constant->type) && IsTemporal(*type)) {
      return BindError(std::string("invalid ") + TemporalKind(*type) + " literal " +
                       ShowConstant(*value.constant));
    }
    return BindError("cannot cast " + ShowConstant(*value.constant) + " to " +
                     TypeName(*type));
  }
  return Constant(cast->scalar());
}

/// Gives an untyped NULL the type of the other side, casts a string constant compared
/// with a date or timestamp to that type, and a number meeting a decimal to that
/// decimal when it fits (Arrow's own implicit cast of such a literal fails at run time).
arrow::Status CoercePair(BoundExpression* a, BoundExpression* b) {
  for (int pass = 0; pass < 2; ++pass, std::swap(a, b)) {
    if (b->constant == nullptr || IsNull(*a->type)) continue;
    if (IsNull(*b->type)) {
      *b = Constant(arrow::MakeNullScalar(a->type));
    } else if (IsString(*b->type) && IsTemporal(*a->type)) {
      ARROW_ASSIGN_OR_RAISE(*b, CastConstant(*b, a->type));
    } else if (a->type->id() == arrow::Type::TIMESTAMP &&
               b->type->id() == arrow::Type::TIMESTAMP && !a->type->Equals(*b->type)) {
      // A timestamp without zone meets one with: the session is UTC, so read it as UTC.
      ARROW_ASSIGN_OR_RAISE(*b, CastConstant(*b, a->type));
    } else if (arrow::is_decimal(a->type->id()) && arrow::is_numeric(b->type->id())) {
      auto cast = CastConstant(*b, a->type);
      if (cast.ok()) *b = *std::move(cast);
    }
  }
  return arrow::Status::OK();
}

/// A boolean operand: a NULL constant becomes a boolean NULL.
arrow::Result<BoundExpression> RequireBoolean(BoundExpression value,
                                              const std::string& op) {
  if (IsNull(*value.type)) return Constant(arrow::MakeNullScalar(arrow::boolean()));
  if (value.type->id() != arrow::Type::BOOL) {
    return BindError("argument of " + op + " must be boolean, not " +
                     TypeName(*value.type));
  }
  return value;
}

/// Combines operands with a binary function as a balanced tree, so long AND/OR chains
/// stay shallow.
BoundExpression Balanced(const std::string& function, std::vector<BoundExpression>& items,
                         size_t begin, size_t end) {
  if (end - begin == 1) return items[begin];
  const size_t middle = begin + (end - begin) / 2;
  BoundExpression left = Balanced(function, items, begin, middle);
  BoundExpression right = Balanced(function, items, middle, end);
  BoundExpression bound;
  bound.expression = cp::call(function, {left.expression, right.expression});
  bound.type = arrow::boolean();
  return bound;
}

BoundExpression Invert(BoundExpression value) {
  value.expression = cp::call("invert", {std::move(value.expression)});
  value.constant = nullptr;
  return value;
}

const std::map<std::string, std::string>& ComparisonFunctions() {
  static const std::map<std::string, std::string> kFunctions = {
      {"=", "equal"},       {"<>", "not_equal"}, {"<", "less"},
      {"<=", "less_equal"}, {">", "greater"},    {">=", "greater_equal"}};
  return kFunctions;
}

/// SQL type names (as libpg_query spells them) that CAST maps to Arrow types.
std::shared_ptr<arrow::DataType> TypeFromSqlName(const std::string& name) {
  static const std::map<std::string, std::shared_ptr<arrow::DataType>> kTypes = {
      {"bool", arrow::boolean()},
      {"boolean", arrow::boolean()},
      {"int2", arrow::int16()},
      {"smallint", arrow::int16()},
      {"int4", arrow::int32()},
      {"int", arrow::int32()},
      {"integer", arrow::int32()},
      {"int8", arrow::int64()},
      {"bigint", arrow::int64()},
      {"float4", arrow::float32()},
      {"real", arrow::float32()},
      {"float8", arrow::float64()},
      {"double", arrow::float64()},
      {"numeric", arrow::float64()},
      {"decimal", arrow::float64()},
      {"text", arrow::utf8()},
      {"varchar", arrow::utf8()},
      {"bpchar", arrow::utf8()},
      {"string", arrow::utf8()},
      {"date", arrow::date32()},
      {"timestamp", arrow::timestamp(arrow::TimeUnit::MICRO)},
      {"timestamptz", arrow::timestamp(arrow::TimeUnit::MICRO, "UTC")},
  };
  auto it = kTypes.find(name);
  return it == kTypes.end() ? nullptr : it->second;
}

}  // namespace

BoundExpression Constant(std::shared_ptr<arrow::Scalar> scalar) {
  BoundExpression bound;
  bound.type = scalar->type;
  bound.expression = cp::literal(arrow::Datum(scalar));
  bound.constant = std::move(scalar);
  return bound;
}

arrow::Result<BoundExpression> MakeCall(const std::string& function,
                                        std::vector<BoundExpression> args,
                                        std::shared_ptr<cp::FunctionOptions> options,
                                        const std::string& describe) {
  auto type = ResultType(function, args, options);
  if (!type.ok()) return BindError(describe);
  std::vector<cp::Expression> arguments;
  for (auto& arg : args) arguments.push_back(std::move(arg.expression));
  BoundExpression bound;
  bound.expression = cp::call(function, std::move(arguments), std::move(options));
  bound.type = *std::move(type);
  return bound;
}

std::string TypeName(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::STRING:
      return "utf8";
    case arrow::Type::LARGE_STRING:
      return "large_utf8";
    default:
      return type.ToString();
  }
}

arrow::Result<BoundExpression> ExpressionBinder::Bind(const Expr& expr) const {
  switch (expr.kind) {
    case ExprKind::kColumn:
      return BindColumn(expr);
    case ExprKind::kLiteral:
      return Constant(ScalarFromLiteral(expr.literal));
    case ExprKind::kNegate:
      return BindNegate(expr);
    case ExprKind::kNot:
    case ExprKind::kAnd:
    case ExprKind::kOr:
      return BindLogical(expr);
    case ExprKind::kComparison: {
      ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
      return BindComparison(expr.name, std::move(args[0]), std::move(args[1]));
    }
    case ExprKind::kArithmetic:
      return BindArithmetic(expr);
    case ExprKind::kIsNull:
      return BindNullTest(expr);
    case ExprKind::kIsTrue:
    case ExprKind::kIsFalse:
      return BindTruthTest(expr);
    case ExprKind::kInList:
      return BindInList(expr);
    case ExprKind::kBetween:
      return BindBetween(expr);
    case ExprKind::kLike:
      return BindLike(expr);
    case ExprKind::kIsDistinct:
      return BindIsDistinct(expr);
    case ExprKind::kFunction:
      return BindFunction(expr);
    case ExprKind::kCast:
      return BindCast(expr);
    case ExprKind::kCase:
      return BindCase(expr);
    case ExprKind::kStar:
      return BindError("* is only allowed in count(*)");
  }
  return Error(ErrorCode::kInternal, "unknown expression kind");
}

arrow::Result<BoundExpression> ExpressionBinder::BindPredicate(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(BoundExpression bound, Bind(expr));
  if (IsNull(*bound.type)) return Constant(arrow::MakeNullScalar(arrow::boolean()));
  if (bound.type->id() != arrow::Type::BOOL) {
    return BindError("argument of " + clause_ + " must be boolean, not " +
                     TypeName(*bound.type));
  }
  return bound;
}

arrow::Result<std::vector<BoundExpression>> ExpressionBinder::BindArgs(
    const Expr& expr) const {
  std::vector<BoundExpression> args;
  for (const auto& arg : expr.args) {
    ARROW_ASSIGN_OR_RAISE(BoundExpression bound, Bind(*arg));
    args.push_back(std::move(bound));
  }
  return args;
}

arrow::Result<BoundExpression> ExpressionBinder::BindColumn(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(ScopeColumn column, scope_.Resolve(expr.column));
  BoundExpression bound;
  bound.expression = cp::field_ref(column.field);
  bound.type = column.type;
  return bound;
}

arrow::Result<BoundExpression> ExpressionBinder::BindNegate(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(BoundExpression operand, Bind(*expr.args[0]));
  if (operand.constant && operand.constant->is_valid) {
    if (operand.type->id() == arrow::Type::INT64) {
      const int64_t value =
          static_cast<const arrow::Int64Scalar&>(*operand.constant).value;
      if (value != std::numeric_limits<int64_t>::min()) {
        return Constant(std::make_shared<arrow::Int64Scalar>(-value));
      }
    } else if (operand.type->id() == arrow::Type::DOUBLE) {
      const double value =
          static_cast<const arrow::DoubleScalar&>(*operand.constant).value;
      return Constant(std::make_shared<arrow::DoubleScalar>(-value));
    }
  }
  const std::string describe =
      "operator - cannot be applied to " + TypeName(*operand.type);
  return MakeCall("negate_checked", {std::move(operand)}, nullptr, describe);
}

arrow::Result<BoundExpression> ExpressionBinder::BindLogical(const Expr& expr) const {
  const std::string op =
      expr.kind == ExprKind::kNot ? "NOT" : (expr.kind == ExprKind::kAnd ? "AND" : "OR");
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  for (auto& arg : args) {
    ARROW_ASSIGN_OR_RAISE(arg, RequireBoolean(std::move(arg), op));
  }
  if (expr.kind == ExprKind::kNot) return Invert(std::move(args[0]));
  return Balanced(expr.kind == ExprKind::kAnd ? "and_kleene" : "or_kleene", args, 0,
                  args.size());
}

arrow::Result<BoundExpression> ExpressionBinder::BindComparison(
    const std::string& op, BoundExpression left, BoundExpression right) const {
  auto function = ComparisonFunctions().find(op);
  if (function == ComparisonFunctions().end())
    return UnsupportedError("the operator " + op);
  ARROW_RETURN_NOT_OK(CoercePair(&left, &right));
  ARROW_RETURN_NOT_OK(CoerceDecimalOperands(op, &left, &right));
  const std::string describe = "operator " + op + " cannot compare " +
                               TypeName(*left.type) + " with " + TypeName(*right.type);
  ARROW_ASSIGN_OR_RAISE(BoundExpression plain,
                        MakeCall(function->second, {left, right}, nullptr, describe));
  plain.expression =
      PostgresFloatComparison(op, std::move(plain.expression), left, right);
  return plain;
}

arrow::Result<BoundExpression> ExpressionBinder::BindArithmetic(const Expr& expr) const {
  static const std::map<std::string, std::string> kFunctions = {{"+", "add_checked"},
                                                                {"-", "subtract_checked"},
                                                                {"*", "multiply_checked"},
                                                                {"/", "divide_checked"}};
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  if (expr.name == "||") return BindScalarFunction("||", std::move(args));
  if (expr.name == "%") return BindScalarFunction("mod", std::move(args));
  auto function = kFunctions.find(expr.name);
  if (function == kFunctions.end()) return UnsupportedError("the operator " + expr.name);
  ARROW_RETURN_NOT_OK(CoercePair(&args[0], &args[1]));
  ARROW_RETURN_NOT_OK(UnifyNumericArguments(&args));
  const std::string describe = "operator " + expr.name + " cannot be applied to " +
                               TypeName(*args[0].type) + " and " +
                               TypeName(*args[1].type);
  ARROW_ASSIGN_OR_RAISE(std::optional<BoundExpression> temporal,
                        BindTemporalArithmetic(expr.name, args[0], args[1], describe));
  if (temporal) return *std::move(temporal);
  ARROW_RETURN_NOT_OK(CoerceDecimalOperands(expr.name, &args[0], &args[1]));
  return MakeCall(function->second, std::move(args), nullptr, describe);
}

/// Decimal arithmetic as DuckDB does it (PostgreSQL's numeric is exact but unbounded):
/// integers join a decimal as decimals just wide enough for them, so that + - * stay
/// exact within 38 digits; a float or a division makes the result a double.
arrow::Status ExpressionBinder::CoerceDecimalOperands(const std::string& op,
                                                      BoundExpression* a,
                                                      BoundExpression* b) const {
  const bool a_decimal = arrow::is_decimal(a->type->id());
  const bool b_decimal = arrow::is_decimal(b->type->id());
  if (!a_decimal && !b_decimal) return arrow::Status::OK();
  if (op == "/" || arrow::is_floating(a->type->id()) || arrow::is_floating(b->type->id())) {
    ARROW_ASSIGN_OR_RAISE(*a, CoerceTo(std::move(*a), arrow::float64()));
    ARROW_ASSIGN_OR_RAISE(*b, CoerceTo(std::move(*b), arrow::float64()));
    return arrow::Status::OK();
  }
  for (BoundExpression* side : {a, b}) {
    if (!arrow::is_integer(side->type->id())) continue;
    int32_t digits = side->type->byte_width() >= 8 ? 19 : side->type->byte_width() == 4 ? 10 : 5;
    if (side->constant != nullptr && side->constant->is_valid) {
      auto value = side->constant->CastTo(arrow::int64());
      if (value.ok()) {
        int64_t v = static_cast<const arrow::Int64Scalar&>(**value).value;
        digits = 1;
        while (v >= 10 || v <= -10) v /= 10, ++digits;
      }
    }
    ARROW_ASSIGN_OR_RAISE(*side, CoerceTo(std::move(*side), arrow::decimal128(digits, 0)));
  }
  // Past 38 digits Arrow cannot hold the exact result: compute in double precision.
  if (arrow::is_decimal(a->type->id()) && arrow::is_decimal(b->type->id())) {
    const auto& x = static_cast<const arrow::DecimalType&>(*a->type);
    const auto& y = static_cast<const arrow::DecimalType&>(*b->type);
    const int32_t scale = std::max(x.scale(), y.scale());
    const int32_t needed =
        op == "*" ? x.precision() + y.precision() + 1
                  : std::max(x.precision() - x.scale(), y.precision() - y.scale()) + scale + 1;
    if (needed > 38) {
      ARROW_ASSIGN_OR_RAISE(*a, CoerceTo(std::move(*a), arrow::float64()));
      ARROW_ASSIGN_OR_RAISE(*b, CoerceTo(std::move(*b), arrow::float64()));
    }
  }
  return arrow::Status::OK();
}

arrow::Result<BoundExpression> ExpressionBinder::BindNullTest(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(BoundExpression operand, Bind(*expr.args[0]));
  const std::string describe = "IS NULL cannot be applied to " + TypeName(*operand.type);
  return MakeCall(expr.negated ? "is_valid" : "is_null", {std::move(operand)}, nullptr,
                  describe);
}

arrow::Result<BoundExpression> ExpressionBinder::BindTruthTest(const Expr& expr) const {
  const std::string op = expr.kind == ExprKind::kIsTrue ? "IS TRUE" : "IS FALSE";
  ARROW_ASSIGN_OR_RAISE(BoundExpression operand, Bind(*expr.args[0]));
  ARROW_ASSIGN_OR_RAISE(operand, RequireBoolean(std::move(operand), op));
  // x IS TRUE is false, not NULL, when x is NULL: is_valid(x) AND x.
  BoundExpression valid;
  valid.expression = cp::call("is_valid", {operand.expression});
  valid.type = arrow::boolean();
  std::vector<BoundExpression> parts = {
      valid, expr.kind == ExprKind::kIsTrue ? operand : Invert(operand)};
  BoundExpression test = Balanced("and_kleene", parts, 0, 2);
  return expr.negated ? Invert(std::move(test)) : test;
}

arrow::Result<BoundExpression> ExpressionBinder::BindInList(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  BoundExpression value = std::move(args[0]);
  if (IsNull(*value.type)) return Constant(arrow::MakeNullScalar(arrow::boolean()));
  std::unique_ptr<arrow::ArrayBuilder> builder;
  ARROW_RETURN_NOT_OK(
      arrow::MakeBuilder(arrow::default_memory_pool(), value.type, &builder));
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].constant == nullptr)
      return UnsupportedError("an IN list with non-constant values");
    std::shared_ptr<arrow::Scalar> item = args[i].constant;
    if (!item->is_valid) {
      item = arrow::MakeNullScalar(value.type);
    } else if (!item->type->Equals(*value.type)) {
      auto cast = CastConstant(args[i], value.type);
      if (!cast.ok()) {
        if (IsString(*item->type) && IsTemporal(*value.type)) return cast.status();
        // A number the column's type cannot hold (1.5 for an integer) never matches.
        if (arrow::is_numeric(item->type->id()) &&
            (arrow::is_numeric(value.type->id()) || arrow::is_decimal(value.type->id()))) {
          continue;
        }
        return BindError("IN list value " + ShowConstant(*item) +
                         " cannot be compared with " + TypeName(*value.type));
      }
      item = cast->constant;
    }
    if (!builder->AppendScalar(*item).ok()) {
      return BindError("IN cannot be applied to " + TypeName(*value.type));
    }
  }
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Array> value_set, builder->Finish());
  auto options = std::make_shared<cp::SetLookupOptions>(
      value_set, cp::SetLookupOptions::NullMatchingBehavior::INCONCLUSIVE);
  const std::string describe = "IN cannot be applied to " + TypeName(*value.type);
  ARROW_ASSIGN_OR_RAISE(BoundExpression in, MakeCall("is_in", {std::move(value)},
                                                     std::move(options), describe));
  return expr.negated ? Invert(std::move(in)) : in;
}

arrow::Result<BoundExpression> ExpressionBinder::BindBetween(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  ARROW_ASSIGN_OR_RAISE(BoundExpression lower, BindComparison(">=", args[0], args[1]));
  ARROW_ASSIGN_OR_RAISE(BoundExpression upper, BindComparison("<=", args[0], args[2]));
  std::vector<BoundExpression> parts = {std::move(lower), std::move(upper)};
  BoundExpression between = Balanced("and_kleene", parts, 0, 2);
  return expr.negated ? Invert(std::move(between)) : between;
}

arrow::Result<BoundExpression> ExpressionBinder::BindLike(const Expr& expr) const {
  const std::string op = expr.case_insensitive ? "ILIKE" : "LIKE";
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  const BoundExpression& pattern = args[1];
  if (pattern.constant == nullptr)
    return UnsupportedError(op + " with a non-constant pattern");
  if (!pattern.constant->is_valid || IsNull(*args[0].type)) {
    return Constant(arrow::MakeNullScalar(arrow::boolean()));
  }
  if (!IsString(*pattern.type)) {
    return BindError(op + " pattern must be a string, not " + TypeName(*pattern.type));
  }
  std::shared_ptr<arrow::Scalar> escape;
  if (args.size() > 2) {
    if (args[2].constant == nullptr || !(IsString(*args[2].type) || IsNull(*args[2].type)))
      return UnsupportedError(op + " with a non-constant or non-string ESCAPE");
    escape = args[2].constant;
  }
  ARROW_ASSIGN_OR_RAISE(
      std::string arrow_pattern,
      LikePatternWithEscape(
          static_cast<const arrow::BaseBinaryScalar&>(*pattern.constant).ToString(),
          escape));
  auto options =
      std::make_shared<cp::MatchSubstringOptions>(arrow_pattern, expr.case_insensitive);
  const std::string describe =
      "operator " + op + " cannot be applied to " + TypeName(*args[0].type);
  ARROW_ASSIGN_OR_RAISE(BoundExpression like, MakeCall("match_like", {std::move(args[0])},
                                                       std::move(options), describe));
  return expr.negated ? Invert(std::move(like)) : like;
}

arrow::Result<BoundExpression> ExpressionBinder::BindFunction(const Expr& expr) const {
  if (IsAggregateName(expr.name)) return BindAggregate(expr);
  if (IsUnnestCall(expr)) {
    return UnsupportedError("unnest() other than as a whole select-list item");
  }
  if (expr.distinct) return UnsupportedError("DISTINCT in " + expr.name + "()");
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  return BindScalarFunction(expr.name, std::move(args));
}

arrow::Result<BoundExpression> ExpressionBinder::BindCase(const Expr& expr) const {
  ARROW_ASSIGN_OR_RAISE(std::vector<BoundExpression> args, BindArgs(expr));
  size_t next = 0;
  std::optional<BoundExpression> operand;
  if (expr.has_operand) operand = args[next++];
  const size_t arms_end = args.size() - (expr.has_else ? 1 : 0);
  std::vector<BoundExpression> conditions, values;
  for (; next < arms_end; next += 2) {
    BoundExpression condition = args[next];
    if (operand) {
      ARROW_ASSIGN_OR_RAISE(condition, BindComparison("=", *operand, condition));
    } else {
      ARROW_ASSIGN_OR_RAISE(condition, RequireBoolean(std::move(condition), "CASE WHEN"));
    }
    conditions.push_back(std::move(condition));
    values.push_back(args[next + 1]);
  }
  if (expr.has_else) values.push_back(args.back());
  std::shared_ptr<arrow::DataType> type = arrow::null();
  for (const auto& value : values) {
    ARROW_ASSIGN_OR_RAISE(type, CommonType(type, value.type, "CASE"));
  }
  if (IsNull(*type)) return Constant(arrow::MakeNullScalar(arrow::null()));
  for (auto& value : values) {
    ARROW_ASSIGN_OR_RAISE(value, CoerceTo(std::move(value), type));
  }
  // case_when takes a struct of conditions; a NULL condition counts as false, as in SQL.
  std::vector<cp::Expression> condition_exprs;
  std::vector<std::string> names;
  for (size_t i = 0; i < conditions.size(); ++i) {
    condition_exprs.push_back(conditions[i].expression);
    names.push_back("c" + std::to_string(i));
  }
  std::vector<cp::Expression> call_args = {
      cp::call("make_struct", std::move(condition_exprs),
               cp::MakeStructOptions(std::move(names)))};
  for (auto& value : values) call_args.push_back(std::move(value.expression));
  BoundExpression bound;
  bound.expression = cp::call("case_when", std::move(call_args));
  bound.type = type;
  return bound;
}

arrow::Result<BoundExpression> ExpressionBinder::BindCast(const Expr& expr) const {
  if (expr.name == "interval") {
    ARROW_ASSIGN_OR_RAISE(BoundExpression text, Bind(*expr.args[0]));
    if (!expr.type_modifiers.empty() || text.constant == nullptr || !IsString(*text.type)) {
      return UnsupportedError("CAST to interval other than of a string literal");
    }
    if (!text.constant->is_valid) {
      return Constant(arrow::MakeNullScalar(arrow::duration(arrow::TimeUnit::MICRO)));
    }
    return IntervalConstant(
        static_cast<const arrow::BaseBinaryScalar&>(*text.constant).ToString());
  }
  std::shared_ptr<arrow::DataType> type = TypeFromSqlName(expr.name);
  if (type == nullptr) return UnsupportedError("CAST to " + expr.name);
  if ((expr.name == "numeric" || expr.name == "decimal") && !expr.type_modifiers.empty()) {
    // numeric(p, s) is exact; numeric without a precision stays a double (Arrow's
    // decimals are bounded, PostgreSQL's are not).
    const int64_t precision = expr.type_modifiers[0];
    const int64_t scale = expr.type_modifiers.size() > 1 ? expr.type_modifiers[1] : 0;
    if (expr.type_modifiers.size() > 2 || precision < 1 || precision > 1000 || scale < 0 ||
        scale > precision) {
      return BindError("invalid NUMERIC type modifier");
    }
    if (precision > 38) return UnsupportedError("numeric with a precision above 38");
    type = arrow::decimal128(static_cast<int32_t>(precision), static_cast<int32_t>(scale));
  }
  ARROW_ASSIGN_OR_RAISE(BoundExpression value, Bind(*expr.args[0]));
  const std::string describe =
      "cannot cast " + TypeName(*value.type) + " to " + TypeName(*type);
  if (arrow::is_decimal(type->id()) &&
      (arrow::is_floating(value.type->id()) ||
       (arrow::is_decimal(value.type->id()) &&
        static_cast<const arrow::DecimalType&>(*value.type).scale() >
            static_cast<const arrow::DecimalType&>(*type).scale()))) {
    // PostgreSQL rounds to the target scale (half away from zero); Arrow's safe cast
    // would refuse to drop digits.
    if (value.constant != nullptr && !value.constant->is_valid) {
      return Constant(arrow::MakeNullScalar(type));
    }
    const int32_t scale = static_cast<const arrow::DecimalType&>(*type).scale();
    if (arrow::is_decimal(value.type->id())) {
      // One more digit, so that rounding up (9.99 to 10.0) cannot overflow the input's
      // precision (Arrow's round would wrap silently).
      const auto& from = static_cast<const arrow::DecimalType&>(*value.type);
      if (from.precision() >= 38) return UnsupportedError("rounding a numeric of precision 38");
      ARROW_ASSIGN_OR_RAISE(value, CoerceTo(std::move(value),
                                            arrow::decimal128(from.precision() + 1, from.scale())));
    }
    ARROW_ASSIGN_OR_RAISE(
        value, MakeCall("round", {std::move(value)},
                        std::make_shared<cp::RoundOptions>(
                            scale, cp::RoundMode::HALF_TOWARDS_INFINITY),
                        describe));
    return MakeCall("cast", {std::move(value)},
                    std::make_shared<cp::CastOptions>(cp::CastOptions::Safe(type)),
                    describe);
  }
  if (value.constant != nullptr) {
    if (!value.constant->is_valid) return Constant(arrow::MakeNullScalar(type));
    return CastConstant(value, type);
  }
  if (arrow::is_integer(type->id()) &&
      (arrow::is_floating(value.type->id()) || arrow::is_decimal(value.type->id()))) {
    // PostgreSQL rounds where Arrow would refuse to truncate: floats half to even,
    // numerics half away from zero.
    const auto mode = arrow::is_decimal(value.type->id())
                          ? cp::RoundMode::HALF_TOWARDS_INFINITY
                          : cp::RoundMode::HALF_TO_EVEN;
    if (arrow::is_decimal(value.type->id())) {
      const auto& from = static_cast<const arrow::DecimalType&>(*value.type);
      if (from.precision() >= 38) return UnsupportedError("rounding a numeric of precision 38");
      ARROW_ASSIGN_OR_RAISE(value, CoerceTo(std::move(value),
                                            arrow::decimal128(from.precision() + 1, from.scale())));
    }
    ARROW_ASSIGN_OR_RAISE(value, MakeCall("round", {std::move(value)},
                                          std::make_shared<cp::RoundOptions>(0, mode),
                                          describe));
  }
  return MakeCall("cast", {std::move(value)},
                  std::make_shared<cp::CastOptions>(cp::CastOptions::Safe(type)),
                  describe);
}

arrow::Result<BoundExpression> CoerceTo(BoundExpression value,
                                        const std::shared_ptr<arrow::DataType>& type) {
  if (value.type->Equals(*type)) return value;
  if (value.constant != nullptr) {
    if (!value.constant->is_valid) return Constant(arrow::MakeNullScalar(type));
    return CastConstant(value, type);
  }
  const std::string describe = "cannot cast " + TypeName(*value.type) + " to " + TypeName(*type);
  auto options = std::make_shared<cp::CastOptions>(cp::CastOptions::Safe(type));
  // Widening to a float may lose digits of a large integer, as in PostgreSQL.
  options->allow_float_truncate = arrow::is_floating(type->id());
  return MakeCall("cast", {std::move(value)}, std::move(options), describe);
}

}  // namespace warden::sql::internal
