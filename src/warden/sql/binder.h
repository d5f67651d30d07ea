#pragma once

#include <memory>
#include <string_view>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/sql/identifier.h"
#include "warden/sql/logical_plan.h"

namespace warden::sql {

/// What the binder may see of the catalog. The planner implements it over the caller's
/// governed view, so columns and tables the caller may not see do not exist for the binder.
/// PlanQuery calls it from the calling thread only; one provider serves one statement, so an
/// implementation need not be thread-safe.
class TableSchemaProvider {
 public:
  virtual ~TableSchemaProvider() = default;
  /// The schema of `table`, or kCatalogNotFound ("table db.t not found") if absent or hidden.
  virtual arrow::Result<std::shared_ptr<arrow::Schema>> GetTableSchema(
      const QualifiedName& table) = 0;
};

/// Parses `sql` with libpg_query and binds it into a BoundScan.
/// Supported: SELECT */col [[AS] alias], … FROM db.t [WHERE predicate] [LIMIT n].
/// Errors: kSqlSyntax (does not parse), kSqlUnsupported (names the construct, e.g. "JOIN is
/// not supported yet"), kSqlBind (unknown column, type mismatch, unqualified table),
/// kCatalogNotFound (from the provider).
/// Thread-safe: holds no state between calls.
arrow::Result<BoundScan> PlanQuery(std::string_view sql, TableSchemaProvider& provider);

}  // namespace warden::sql
