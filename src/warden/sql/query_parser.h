#pragma once

#include <arrow/result.h>

#include <string_view>

#include "warden/sql/query_ast.h"

namespace warden::sql {

/// Parses one query with libpg_query (the PostgreSQL grammar) into Warden's AST.
/// Errors: kSqlSyntax (does not parse; carries PostgreSQL's message and the position),
/// kSqlUnsupported (parses, but uses a construct Warden does not support yet, which the
/// message names; also for text too large or too deeply nested to parse safely).
/// Thread-safe: libpg_query keeps its state per thread.
arrow::Result<QueryPtr> ParseQuery(std::string_view sql);

}  // namespace warden::sql
