#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/builder.h>
#include <arrow/result.h>
#include <arrow/table.h>

#include "warden/catalog/meta_store.h"
#include "warden/planner/governance_executor.h"
#include "warden/policy/access_controller.h"
#include "warden/sql/governance.h"

/// One RunStatement overload per governance statement, spread over governance_*.cc by
/// subject: databases and listings (governance_executor.cc), attributes, comments and
/// search (governance_attributes.cc), tables (governance_tables.cc), views
/// (governance_views.cc), DESCRIBE and SHOW CREATE (governance_describe.cc).
namespace warden::planner::internal {

struct GovernanceContext {
  catalog::MetaStore* store;
  const policy::AccessController* access;
  const ViewValidator* validate_view;  // may hold an empty function
};

using TableResult = arrow::Result<std::shared_ptr<arrow::Table>>;

#define WARDEN_GOVERNANCE_STATEMENT(Statement)                                         \
  TableResult RunStatement(const GovernanceContext& context,                           \
                           const policy::Principal& principal, const sql::Statement& statement);
WARDEN_GOVERNANCE_STATEMENT(CreateDatabase)
WARDEN_GOVERNANCE_STATEMENT(DropDatabase)
WARDEN_GOVERNANCE_STATEMENT(CreateExternalTable)
WARDEN_GOVERNANCE_STATEMENT(CreateView)
WARDEN_GOVERNANCE_STATEMENT(DropTable)
WARDEN_GOVERNANCE_STATEMENT(CreateAttribute)
WARDEN_GOVERNANCE_STATEMENT(DropAttribute)
WARDEN_GOVERNANCE_STATEMENT(AlterAttribute)
WARDEN_GOVERNANCE_STATEMENT(SetComment)
WARDEN_GOVERNANCE_STATEMENT(RenameTable)
WARDEN_GOVERNANCE_STATEMENT(RecoverPartitions)
WARDEN_GOVERNANCE_STATEMENT(ShowDatabases)
WARDEN_GOVERNANCE_STATEMENT(ShowTables)
WARDEN_GOVERNANCE_STATEMENT(ShowAttributes)
WARDEN_GOVERNANCE_STATEMENT(ShowPartitions)
WARDEN_GOVERNANCE_STATEMENT(ShowCreateTable)
WARDEN_GOVERNANCE_STATEMENT(DescribeTable)
WARDEN_GOVERNANCE_STATEMENT(DescribeDatabase)
WARDEN_GOVERNANCE_STATEMENT(SearchDatasets)
// Roles and grants (governance_grants.cc), EXPLAIN ACCESS (governance_explain_access.cc).
WARDEN_GOVERNANCE_STATEMENT(CreateRole)
WARDEN_GOVERNANCE_STATEMENT(DropRole)
WARDEN_GOVERNANCE_STATEMENT(GrantRole)
WARDEN_GOVERNANCE_STATEMENT(GrantPrivilege)
WARDEN_GOVERNANCE_STATEMENT(ShowRoles)
WARDEN_GOVERNANCE_STATEMENT(ShowRoleMembers)  // governance_role_members.cc
WARDEN_GOVERNANCE_STATEMENT(ShowGrants)
WARDEN_GOVERNANCE_STATEMENT(ExplainAccess)
#undef WARDEN_GOVERNANCE_STATEMENT

/// Builds a table of non-null string columns, row by row.
class StringTableBuilder {
 public:
  explicit StringTableBuilder(std::vector<std::string> names)
      : names_(std::move(names)), builders_(names_.size()) {}
  arrow::Status AddRow(const std::vector<std::string>& values);
  arrow::Result<std::shared_ptr<arrow::Table>> Finish();

 private:
  std::vector<std::string> names_;
  std::vector<arrow::StringBuilder> builders_;
};

/// A one-row table {status: message}, the result of every DDL statement.
TableResult StatusTable(const std::string& message);

catalog::AttributeName ToCatalog(const sql::AttributeKey& attribute);
/// "a.b, c.d" (empty for none).
std::string JoinAttributes(const std::vector<catalog::AttributeName>& attributes);
int64_t NowMs();

/// kCatalogNotFound unless `database` exists and the principal may see it.
arrow::Status RequireVisibleDatabase(const GovernanceContext& context,
                                     const policy::Principal& principal,
                                     const std::string& database);

}  // namespace warden::planner::internal
