#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

/// Warden's query AST: what the libpg_query adapter (query_parser.h) produces and the
/// binder (binder.h) consumes. It holds only constructs Warden supports; the adapter
/// rejects the rest with kSqlUnsupported, so the binder never sees them.
namespace warden::sql {

/// One part of a name as the user wrote it: `text` is normalized (NormalizeIdentifier),
/// `quoted` tells whether it must match exactly or ASCII case-insensitively.
struct Identifier {
  std::string text;
  bool quoted = false;

  bool operator==(const Identifier&) const = default;
};

/// Joins the parts with '.', for error messages.
std::string JoinIdentifiers(const std::vector<Identifier>& parts);

/// A constant: NULL (monostate), TRUE/FALSE, an integer, a decimal or float (as double),
/// or a string.
using LiteralValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

enum class ExprKind {
  kColumn,      // [[db.]table.]column
  kLiteral,     // literal
  kNot,         // NOT args[0]
  kNegate,      // -args[0]
  kAnd,         // args[0] AND args[1] AND ... (two or more)
  kOr,          // args[0] OR args[1] OR ... (two or more)
  kComparison,  // args[0] <op> args[1]; op is one of = <> < <= > >=
  kArithmetic,  // args[0] <op> args[1]; op is one of + - * /
  kIsNull,      // args[0] IS [NOT] NULL
  kIsTrue,      // args[0] IS [NOT] TRUE
  kIsFalse,     // args[0] IS [NOT] FALSE
  kInList,      // args[0] [NOT] IN (args[1], ...)
  kBetween,     // args[0] [NOT] BETWEEN args[1] AND args[2]
  kLike,        // args[0] [NOT] LIKE|ILIKE args[1] [ESCAPE args[2]]
  kIsDistinct,  // args[0] IS [NOT] DISTINCT FROM args[1]
  kFunction,    // name(args...); aggregates too (`distinct` for count(DISTINCT x))
  kCast,        // CAST(args[0] AS name)
  kCase,        // CASE [operand] WHEN args.. THEN .. [ELSE ..] END (see has_operand/has_else)
  kStar,        // the * of count(*)
};

/// An expression node. Which fields are set depends on `kind` (see ExprKind).
struct Expr {
  ExprKind kind;
  /// Byte offset of the node in the SQL text, or -1 when unknown.
  int location = -1;
  std::vector<Identifier> column;  // kColumn
  LiteralValue literal;            // kLiteral
  /// kComparison/kArithmetic: the operator as written ("<>" for "!="); kFunction: the
  /// function name in lower case; kCast: the SQL type name in lower case.
  std::string name;
  bool negated = false;  // IS NOT, NOT IN, NOT BETWEEN, NOT LIKE, IS NOT DISTINCT
  bool case_insensitive = false;  // ILIKE
  bool distinct = false;          // kFunction: agg(DISTINCT x)
  /// kCase: args are [operand] when1, then1, when2, then2, ... [else].
  bool has_operand = false;
  bool has_else = false;
  /// kCast: the type's modifiers, as in numeric(12, 2).
  std::vector<int64_t> type_modifiers;
  std::vector<std::unique_ptr<Expr>> args;
};

using ExprPtr = std::unique_ptr<Expr>;

/// One item of the select list: `*`, `qualifier.*`, or an expression with an optional
/// alias.
struct SelectItem {
  bool star = false;
  std::vector<Identifier> star_qualifier;  // t.* -> {t}; empty for a bare *
  ExprPtr expr;                            // null for stars
  std::optional<std::string> alias;        // normalized
  int location = -1;
};

struct Query;
using QueryPtr = std::unique_ptr<Query>;

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

/// An item of FROM: a table (one to three name parts), a subquery, or a join of two items.
struct FromItem {
  enum class Kind { kTable, kSubquery, kJoin, kUnnest };
  Kind kind = Kind::kTable;
  int location = -1;
  std::vector<Identifier> name;                // kTable
  QueryPtr subquery;                           // kSubquery
  std::optional<std::string> alias;            // normalized
  std::vector<std::string> column_aliases;     // alias(c1, c2, ...)
  JoinType join_type = JoinType::kInner;       // kJoin
  std::unique_ptr<FromItem> left, right;       // kJoin
  ExprPtr on;                                  // kJoin: ON condition, null for CROSS/USING
  std::vector<std::string> using_columns;      // kJoin: USING (a, b)
  ExprPtr unnest_argument;                     // kUnnest: the list of unnest(list)
};

/// SELECT [DISTINCT] items [FROM from, ...] [WHERE] [GROUP BY] [HAVING].
struct SelectCore {
  bool distinct = false;
  std::vector<SelectItem> items;
  std::vector<FromItem> from;  // several items are a cross join
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;  // unset: PostgreSQL's default (NULLS LAST for ASC)
};

struct CommonTableExpr {
  std::string name;  // normalized
  std::vector<std::string> column_aliases;
  QueryPtr query;
};

/// A query: a SELECT or a UNION of two queries, with WITH, ORDER BY, LIMIT and OFFSET.
struct Query {
  enum class Kind { kSelect, kUnion };
  Kind kind = Kind::kSelect;
  SelectCore select;        // kSelect
  bool union_all = false;   // kUnion
  QueryPtr left, right;     // kUnion
  std::vector<CommonTableExpr> with;
  std::vector<OrderItem> order_by;
  ExprPtr limit;   // null when absent or LIMIT ALL
  ExprPtr offset;  // null when absent
};

}  // namespace warden::sql
