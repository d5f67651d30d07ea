#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/sql/identifier.h"
#include "warden/sql/logical_plan.h"

namespace warden::sql {

/// A table as a query sees it: a plan producing its rows (for governed tables, the
/// policy's filters and masks are already in it) and the user-visible column names, one
/// per field of `plan->schema`.
struct TableBinding {
  PlanPtr plan;
  std::vector<std::string> column_names;
};

/// What the binder may see of the catalog. The planner implements it over the caller's
/// governed view, so columns and tables the caller may not see do not exist for the binder.
/// One provider serves one statement from one thread; it need not be thread-safe.
class TableProvider {
 public:
  virtual ~TableProvider() = default;
  /// The table's plan, with internal names from `names`; kCatalogNotFound
  /// ("table db.t not found") if absent or hidden.
  virtual arrow::Result<TableBinding> BindTable(const QualifiedName& table,
                                                NameGenerator& names) = 0;
};

/// Parses `sql` with libpg_query, binds it against `provider` into a logical plan and
/// optimizes it (optimizer.h).
/// Errors: kSqlSyntax (does not parse), kSqlUnsupported (names the construct),
/// kSqlBind (unknown column, type mismatch, unqualified table, misplaced aggregate),
/// kCatalogNotFound (from the provider).
arrow::Result<QueryPlan> PlanQuery(std::string_view sql, TableProvider& provider);

/// Binds the query of a view as a table of an enclosing query: its plan (internal names
/// from the enclosing query's `names`, not yet optimized) and its output column names.
/// Errors as PlanQuery.
arrow::Result<TableBinding> BindViewQuery(std::string_view sql, TableProvider& provider,
                                          NameGenerator& names);

/// The output schema `sql` would produce (used to validate views at creation).
arrow::Result<std::shared_ptr<arrow::Schema>> QueryOutputSchema(std::string_view sql,
                                                                 TableProvider& provider);

}  // namespace warden::sql
