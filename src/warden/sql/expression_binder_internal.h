#pragma once

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include <memory>
#include <string>
#include <vector>

#include "warden/sql/column_resolver_internal.h"
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

/// Binds AST expressions against one table. Each operator is type-checked as it is
/// built, so errors name the operator and its argument types; string literals compared
/// with date and timestamp values are cast to that type at bind time.
class ExpressionBinder {
 public:
  explicit ExpressionBinder(const ColumnResolver& columns) : columns_(columns) {}

  /// Errors: kSqlBind (names, types, invalid literals), kSqlUnsupported (functions and
  /// casts Warden does not map yet, non-constant IN lists or LIKE patterns).
  arrow::Result<BoundExpression> Bind(const Expr& expr) const;

  /// Binds a WHERE clause: its type must be boolean (a NULL literal becomes a boolean
  /// NULL).
  arrow::Result<BoundExpression> BindPredicate(const Expr& expr) const;

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
  arrow::Result<BoundExpression> BindFunction(const Expr& expr) const;
  arrow::Result<BoundExpression> BindCast(const Expr& expr) const;
  arrow::Result<std::vector<BoundExpression>> BindArgs(const Expr& expr) const;

  const ColumnResolver& columns_;
};

/// How a type is named in messages: Arrow's name, with utf8 for string.
std::string TypeName(const arrow::DataType& type);

}  // namespace warden::sql::internal
