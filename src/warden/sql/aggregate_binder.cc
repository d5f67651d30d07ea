// Aggregate calls in a select list, HAVING or ORDER BY: binding them, mapping SQL's
// aggregate names onto Arrow's (with PostgreSQL's result types and NaN rules) and
// collecting each distinct call once for the Aggregate node.
#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include <cmath>
#include <map>
#include <set>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

arrow::Result<BoundExpression> ExpressionBinder::BindAggregate(const Expr& expr) const {
  if (aggregates_ == nullptr) {
    return Error(ErrorCode::kSqlBind,
                 "aggregate functions are not allowed in " + clause_ + " (" + expr.name + ")");
  }
  if (expr.args.size() == 1 && expr.args[0]->kind == ExprKind::kStar) {
    if (expr.name != "count") return BindError(expr.name + "(*) is not a function");
    return aggregates_->Add("count", false, std::nullopt);
  }
  if (expr.args.size() != 1) {
    return UnsupportedError("the aggregate " + expr.name + "() with " +
                            std::to_string(expr.args.size()) + " arguments");
  }
  // Arguments of an aggregate see input rows: no nested aggregates.
  ExpressionBinder inner(scope_, nullptr, "the argument of an aggregate function");
  ARROW_ASSIGN_OR_RAISE(BoundExpression argument, inner.Bind(*expr.args[0]));
  return aggregates_->Add(expr.name, expr.distinct, std::move(argument));
}
bool ExpressionBinder::IsAggregateName(const std::string& name) {
  static const std::set<std::string> kNames = {
      "count", "sum", "avg", "min", "max", "stddev", "stddev_samp", "stddev_pop",
      "variance", "var_samp", "var_pop", "bool_and", "bool_or", "every"};
  return kNames.count(name) > 0;
}

bool ExpressionBinder::ContainsAggregate(const Expr& expr) {
  if (expr.kind == ExprKind::kFunction && IsAggregateName(expr.name)) return true;
  for (const auto& arg : expr.args) {
    if (ContainsAggregate(*arg)) return true;
  }
  return false;
}

bool AggregateCollector::IsOutput(const std::string& field) const {
  for (const auto& aggregate : aggregates_) {
    if (aggregate.output == field) return true;
  }
  return false;
}

arrow::Result<BoundExpression> AggregateCollector::Add(const std::string& sql_name,
                                                       bool distinct,
                                                       std::optional<BoundExpression> argument) {
  static const std::map<std::string, std::string> kFunctions = {
      {"count", "count"},       {"sum", "sum"},           {"avg", "mean"},
      {"min", "min"},           {"max", "max"},           {"stddev", "stddev_samp"},
      {"stddev_samp", "stddev_samp"}, {"stddev_pop", "stddev_pop"},
      {"variance", "var_samp"}, {"var_samp", "var_samp"}, {"var_pop", "var_pop"},
      {"bool_and", "all"},      {"bool_or", "any"},       {"every", "all"}};
  std::string function = kFunctions.at(sql_name);
  if (!argument) function = "count_all";
  // sum/avg(DISTINCT x) become a two-level aggregate (distinct_aggregate.cc); DISTINCT
  // changes nothing for min, max, bool_and and bool_or.
  bool distinct_sum_or_mean = false;
  if (distinct) {
    if (function == "count") {
      function = "count_distinct";
    } else if (function == "sum" || function == "mean") {
      distinct_sum_or_mean = true;
    } else if (function != "min" && function != "max" && function != "all" &&
               function != "any") {
      return UnsupportedError("DISTINCT in " + sql_name +
                              "() (only count, sum, avg, min, max, bool_and, bool_or)");
    }
  }
  if (distinct && argument) {
    // -0.0 and 0.0 are one value to PostgreSQL's DISTINCT.
    argument = WithoutNegativeZero(std::move(*argument));
  }
  if (argument && IsNull(*argument->type)) {
    if (function != "count" && function != "count_distinct") {
      return BindError(sql_name + "(NULL) has no type; cast the NULL");
    }
    argument = Constant(arrow::MakeNullScalar(arrow::int32()));
  }
  const bool decimal_mean = function == "mean" && argument && IsDecimal(*argument->type);
  if (decimal_mean && !distinct_sum_or_mean) {
    // DuckDB averages decimals as doubles; Arrow would round to the input's scale.
    // (avg(DISTINCT) keeps its argument, shared with sum(DISTINCT), and casts later.)
    ARROW_ASSIGN_OR_RAISE(argument, CoerceTo(std::move(*argument), arrow::float64()));
  }
  std::shared_ptr<arrow::DataType> type;
  if (function == "count" || function == "count_all" || function == "count_distinct") {
    type = arrow::int64();
  } else if (function == "all" || function == "any") {
    if (argument->type->id() != arrow::Type::BOOL && !IsNull(*argument->type)) {
      return BindError(sql_name + "() needs a boolean argument, not " + TypeName(*argument->type));
    }
    type = arrow::boolean();
  } else if (function.rfind("stddev", 0) == 0 || function.rfind("var", 0) == 0) {
    if (!arrow::is_numeric(argument->type->id()) && !IsDecimal(*argument->type)) {
      return BindError(sql_name + "() needs a numeric argument, not " + TypeName(*argument->type));
    }
    type = arrow::float64();
  } else if (function == "min" || function == "max") {
    type = argument->type;
  } else {
    // sum and mean: the type Arrow's own kernel gives for this input.
    ARROW_ASSIGN_OR_RAISE(auto empty, arrow::MakeEmptyArray(argument->type));
    auto result = cp::CallFunction(function, {empty});
    if (!result.ok()) {
      return BindError(sql_name + "() cannot be applied to " + TypeName(*argument->type));
    }
    type = result->type();
  }
  if (function == "max" && arrow::is_floating(argument->type->id())) {
    // PostgreSQL's max() is NaN when any value is NaN (NaN sorts above every number);
    // Arrow's skips NaN: combine it with any(is_nan(x)).
    ARROW_ASSIGN_OR_RAISE(BoundExpression plain_max, Find("max", argument, type));
    BoundExpression nan_test;
    nan_test.expression = cp::call("is_nan", {argument->expression});
    nan_test.type = arrow::boolean();
    ARROW_ASSIGN_OR_RAISE(BoundExpression any_nan,
                          Find("any", std::move(nan_test), arrow::boolean()));
    ARROW_ASSIGN_OR_RAISE(auto nan, arrow::MakeScalar(type, std::nan("")));
    BoundExpression result;
    result.expression = cp::call(
        "if_else", {any_nan.expression, cp::literal(arrow::Datum(nan)), plain_max.expression});
    result.type = type;
    return result;
  }
  if (distinct_sum_or_mean) {
    if (decimal_mean) type = arrow::float64();
    function += "_distinct";
  }
  return Find(function, std::move(argument), std::move(type));
}

arrow::Result<BoundExpression> AggregateCollector::Find(
    const std::string& function, std::optional<BoundExpression> argument,
    std::shared_ptr<arrow::DataType> type) {
  for (const auto& existing : aggregates_) {
    const bool same_argument =
        existing.argument.has_value() == argument.has_value() &&
        (!argument || existing.argument->expression.Equals(argument->expression));
    if (existing.function == function && same_argument) {
      BoundExpression ref;
      ref.expression = cp::field_ref(existing.output);
      ref.type = existing.type;
      return ref;
    }
  }
  CollectedAggregate collected{function, std::move(argument), names_.Next(), type};
  aggregates_.push_back(collected);
  BoundExpression ref;
  ref.expression = cp::field_ref(collected.output);
  ref.type = type;
  return ref;
}


}  // namespace warden::sql::internal
