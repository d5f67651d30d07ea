#pragma once

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/type.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "warden/common/error.h"
#include "warden/sql/scope_internal.h"
#include "warden/sql/logical_plan.h"
#include "warden/sql/query_ast.h"

namespace warden::sql::internal {

/// An AST expression turned into an Arrow expression over the table's field names.
struct BoundExpression {
  /// Unbound: field_ref by exact schema name, literals, and calls of Arrow compute
  /// functions (SQL three-valued logic via the *_kleene variants).
  arrow::compute::Expression expression;
  /// The type `expression` has once bound against the table schema.
  std::shared_ptr<arrow::DataType> type;
  /// Set when the expression is a constant (a literal, possibly negated or cast).
  std::shared_ptr<arrow::Scalar> constant;
};

/// An aggregate call found while binding a select list, HAVING or ORDER BY.
struct CollectedAggregate {
  std::string function;  // an AggregateCall::function (count, sum, mean, ...)
  std::optional<BoundExpression> argument;  // none for count(*)
  std::string output;                       // the internal name of its result
  std::shared_ptr<arrow::DataType> type;
};

/// Collects the aggregates of one SELECT; a repeated call (same function and argument)
/// is computed once.
class AggregateCollector {
 public:
  explicit AggregateCollector(NameGenerator& names) : names_(names) {}
  /// A reference to the aggregate's output column.
  arrow::Result<BoundExpression> Add(const std::string& sql_name, bool distinct,
                                     std::optional<BoundExpression> argument);
  const std::vector<CollectedAggregate>& aggregates() const { return aggregates_; }
  bool IsOutput(const std::string& field) const;

 private:
  /// A reference to the aggregate `function(argument)`, added unless already there.
  arrow::Result<BoundExpression> Find(const std::string& function,
                                      std::optional<BoundExpression> argument,
                                      std::shared_ptr<arrow::DataType> type);

  NameGenerator& names_;
  std::vector<CollectedAggregate> aggregates_;
};

/// True when `aggregates` hold sum/avg(DISTINCT x) ("sum_distinct", "mean_distinct"),
/// which Acero cannot compute in one aggregate node.
bool NeedsTwoLevelAggregate(const std::vector<CollectedAggregate>& aggregates);

/// The aggregate of `pre` (which has the columns `key_names` and each call's input) by
/// `key_names` as two aggregate nodes and a projection (distinct_aggregate.cc); its
/// output is the keys and each aggregate's output, as one aggregate node would give.
/// `calls[i]` is `aggregates[i]` with its input column. Errors: kSqlUnsupported for
/// DISTINCT over different arguments or aggregates that do not split (stddev, variance).
arrow::Result<PlanPtr> TwoLevelAggregate(
    PlanPtr pre, const std::vector<std::string>& key_names,
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    const std::vector<CollectedAggregate>& aggregates, const std::vector<AggregateCall>& calls,
    NameGenerator& names);

/// Binds AST expressions against a scope. Each operator is type-checked as it is
/// built, so errors name the operator and its argument types; string literals compared
/// with date and timestamp values are cast to that type at bind time.
class ExpressionBinder {
 public:
  /// `aggregates` is where aggregate calls go; null where they are not allowed, and then
  /// `clause` names the clause in the error ("WHERE", "GROUP BY", ...).
  ExpressionBinder(const Scope& scope, AggregateCollector* aggregates = nullptr,
                   std::string clause = "WHERE")
      : scope_(scope), aggregates_(aggregates), clause_(std::move(clause)) {}

  /// Errors: kSqlBind (names, types, invalid literals), kSqlUnsupported (functions and
  /// casts Warden does not map yet, non-constant IN lists or LIKE patterns).
  arrow::Result<BoundExpression> Bind(const Expr& expr) const;

  /// Binds a WHERE clause: its type must be boolean (a NULL literal becomes a boolean
  /// NULL).
  arrow::Result<BoundExpression> BindPredicate(const Expr& expr) const;

  /// True if the AST contains an aggregate call (outside nested subqueries).
  static bool ContainsAggregate(const Expr& expr);
  static bool IsAggregateName(const std::string& name);

 private:
  arrow::Result<BoundExpression> BindColumn(const Expr& expr) const;
  arrow::Result<BoundExpression> BindNegate(const Expr& expr) const;
  arrow::Result<BoundExpression> BindLogical(const Expr& expr) const;
  arrow::Result<BoundExpression> BindComparison(const std::string& op,
                                                BoundExpression left,
                                                BoundExpression right) const;
  arrow::Result<BoundExpression> BindArithmetic(const Expr& expr) const;
  arrow::Result<BoundExpression> BindNullTest(const Expr& expr) const;
  arrow::Result<BoundExpression> BindTruthTest(const Expr& expr) const;
  arrow::Result<BoundExpression> BindInList(const Expr& expr) const;
  arrow::Result<BoundExpression> BindBetween(const Expr& expr) const;
  arrow::Result<BoundExpression> BindLike(const Expr& expr) const;
  arrow::Result<BoundExpression> BindIsDistinct(const Expr& expr) const;
  arrow::Result<BoundExpression> BindFunction(const Expr& expr) const;
  arrow::Result<BoundExpression> BindCast(const Expr& expr) const;
  arrow::Result<BoundExpression> BindCase(const Expr& expr) const;
  arrow::Result<BoundExpression> BindAggregate(const Expr& expr) const;
  arrow::Status CoerceDecimalOperands(const std::string& op, BoundExpression* a,
                                      BoundExpression* b) const;
  arrow::Result<std::vector<BoundExpression>> BindArgs(const Expr& expr) const;

  const Scope& scope_;
  AggregateCollector* aggregates_;
  std::string clause_;
};

/// The type both `a` and `b` convert to (for CASE, COALESCE, UNION, join keys), or
/// kSqlBind when they have none.
arrow::Result<std::shared_ptr<arrow::DataType>> CommonType(
    const std::shared_ptr<arrow::DataType>& a, const std::shared_ptr<arrow::DataType>& b,
    const std::string& context);

/// `value` converted to `type` (constants are cast now, other values by a cast call).
arrow::Result<BoundExpression> CoerceTo(BoundExpression value,
                                        const std::shared_ptr<arrow::DataType>& type);

/// Casts the integer and floating-point arguments of an arithmetic call to their common
/// type (others are left as they are). Otherwise Arrow picks the kernel when the plan
/// runs, after narrowing each literal to its smallest type: `int32_column + 1` would
/// run, and overflow, in int32 while the plan declares int64.
arrow::Status UnifyNumericArguments(std::vector<BoundExpression>* args);

/// `plain` (Arrow's IEEE comparison of `left` and `right` under the SQL operator `op`)
/// with PostgreSQL's NaN rules when a side is a float: NaN = NaN, NaN > every number.
arrow::compute::Expression PostgresFloatComparison(const std::string& op,
                                                   arrow::compute::Expression plain,
                                                   const BoundExpression& left,
                                                   const BoundExpression& right);

/// A LIKE pattern with PostgreSQL's ESCAPE character (null: the default backslash)
/// in Arrow match_like's spelling. Errors: kSqlBind for an escape longer than one
/// character or a pattern ending in it.
arrow::Result<std::string> LikePatternWithEscape(
    const std::string& pattern, const std::shared_ptr<arrow::Scalar>& escape);

/// A float value with -0.0 made 0.0 (x + 0.0), so that hashing (GROUP BY, DISTINCT)
/// sees PostgreSQL's equality; other values unchanged.
BoundExpression WithoutNegativeZero(BoundExpression value);

/// An interval literal ('10 days', '1 hour 30 minutes', '01:30:00') as a duration in
/// microseconds. Errors: kSqlBind (bad syntax), kSqlUnsupported (months and years).
arrow::Result<BoundExpression> IntervalConstant(const std::string& text);

/// `a op b` for + and - when a side is a date, timestamp or interval (PostgreSQL's
/// rules, see temporal_arithmetic.cc); nullopt when no side is, or for other types
/// (then the caller reports the operator with `describe`).
arrow::Result<std::optional<BoundExpression>> BindTemporalArithmetic(
    const std::string& op, BoundExpression a, BoundExpression b,
    const std::string& describe);

/// extract(epoch FROM interval): seconds as a double.
arrow::Result<BoundExpression> IntervalEpoch(BoundExpression interval,
                                             const std::string& describe);

/// Functions on Warden's kernels (kernel_function_binder.cc), as BindScalarFunction
/// calls them: the SQL name and the bound arguments.
arrow::Result<BoundExpression> BindSplitPart(const std::string& name,
                                             std::vector<BoundExpression> args);
arrow::Result<BoundExpression> BindPad(const std::string& name,
                                       std::vector<BoundExpression> args);
arrow::Result<BoundExpression> BindMakeDate(const std::string& name,
                                            std::vector<BoundExpression> args);
/// `value = ANY(list)` (the parser's "= any" call): PostgreSQL's semantics over a list column.
arrow::Result<BoundExpression> BindAnyEqual(const std::string& name,
                                            std::vector<BoundExpression> args);

/// A bound constant.
BoundExpression Constant(std::shared_ptr<arrow::Scalar> scalar);

/// Builds a call and type-checks it; `describe` words the error when it does not bind.
arrow::Result<BoundExpression> MakeCall(const std::string& function,
                                        std::vector<BoundExpression> args,
                                        std::shared_ptr<arrow::compute::FunctionOptions> options,
                                        const std::string& describe);

/// Scalar SQL functions (string, math, date): function_binder.cc. `args` are bound.
arrow::Result<BoundExpression> BindScalarFunction(const std::string& name,
                                                  std::vector<BoundExpression> args);

/// How a type is named in messages: Arrow's name, with utf8 for string.
std::string TypeName(const arrow::DataType& type);

// Small helpers the binder's files share.
inline arrow::Status BindError(const std::string& message) {
  return Error(ErrorCode::kSqlBind, message);
}
/// True for a call of the set-returning unnest(), which binds only as a whole
/// select-list item (binder.cc); anywhere else it is refused.
inline bool IsUnnestCall(const Expr& expr) {
  return expr.kind == ExprKind::kFunction && expr.name == "unnest";
}

inline arrow::Status UnsupportedError(const std::string& construct) {
  return Error(ErrorCode::kSqlUnsupported, construct + " is not supported yet");
}
inline bool IsNull(const arrow::DataType& type) { return type.id() == arrow::Type::NA; }
inline bool IsDecimal(const arrow::DataType& type) { return arrow::is_decimal(type.id()); }

/// "function name(argument types) does not exist", PostgreSQL's message.
inline std::string NoSuchFunction(const std::string& name,
                                  const std::vector<BoundExpression>& args) {
  std::string types;
  for (const auto& arg : args) {
    if (!types.empty()) types += ", ";
    types += TypeName(*arg.type);
  }
  return "function " + name + "(" + types + ") does not exist";
}

}  // namespace warden::sql::internal
