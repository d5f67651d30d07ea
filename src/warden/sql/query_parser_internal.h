#pragma once

#include <arrow/result.h>
#include <arrow/status.h>
#include <pg_query/pg_query.pb-c.h>

#include <string>
#include <string_view>
#include <vector>

#include "warden/sql/query_ast.h"

/// Shared by the two halves of the libpg_query adapter: query_parser.cc (statements)
/// and query_expression_parser.cc (expressions).
namespace warden::sql::internal {

/// Deepest expression tree accepted; deeper ones are refused before they can exhaust the
/// stack in the binder or in Arrow's recursive expression code.
constexpr int kMaxExpressionDepth = 200;

/// A token of the query text (from pg_query_scan).
struct SourceToken {
  int start;  // byte offsets in the text, end exclusive
  int end;
  PgQuery__Token token;
  bool is_keyword;
};

/// The query text and its tokens, to read names as written: libpg_query folds unquoted
/// names to lower case and truncates long ones, and it does not say which were quoted.
class QueryText {
 public:
  QueryText(std::string_view sql, std::vector<SourceToken> tokens)
      : sql_(sql), tokens_(std::move(tokens)) {}

  /// The dotted name of `tree_parts.size()` parts written at byte `location`. Falls back
  /// to `tree_parts` (as unquoted) when the text there is not such a name.
  std::vector<Identifier> ReadName(int location,
                                   const std::vector<std::string>& tree_parts) const;

 private:
  std::string_view sql_;
  std::vector<SourceToken> tokens_;  // ordered by start
};

/// "SelectStmt", "A_Expr", ... : the PostgreSQL name of a node's type, for messages.
std::string NodeTypeName(const PgQuery__Node* node);

/// kSqlUnsupported "<construct> is not supported yet".
arrow::Status Unsupported(const std::string& construct);

/// The string value of a String node, or "" for any other node.
std::string StringValue(const PgQuery__Node* node);

/// Converts an expression node into the AST. `depth` counts enclosing expressions.
arrow::Result<ExprPtr> ConvertExpression(const PgQuery__Node* node, const QueryText& text,
                                         int depth = 0);

}  // namespace warden::sql::internal
