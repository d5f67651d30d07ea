#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/meta_store.h"
#include "warden/catalog/model.h"
#include "warden/policy/principal_cache.h"
#include "warden/sql/identifier.h"

namespace warden::policy {

/// Who is asking: the verified token's user and groups, the roles they lead to, the user's
/// attributes (token claims over the store's), and the grants of those roles, all read from
/// the store as of the policy version current when the statement starts (a REVOKE applies
/// to the next statement on every planner).
struct Principal {
  std::string user;
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  catalog::UserAttributes attributes;
  std::vector<catalog::GrantInfo> grants;  // of `roles`, ordered by id

  bool IsAdmin() const;
  bool HasRole(const std::string& role) const;
};

/// Where one cell's value may come from: a grant that exposes the column (its row filter
/// decides whether it applies to a row) and the mask it puts on it, if any.
struct CellRule {
  size_t grant;  // index into GovernedTable::grants
  std::optional<catalog::GrantTransform> transform;
};

/// One visible column of a governed view: DESIGN §4's
/// `CASE WHEN f1 THEN t1(c) WHEN f2 THEN t2(c) … ELSE NULL END`, one rule per WHEN, in
/// order (unmasked before masked, then by grant id).
struct GovernedColumn {
  std::shared_ptr<arrow::Field> field;
  std::vector<CellRule> rules;
  /// True when every row that the view admits shows this column unmasked: the column is
  /// then a plain reference, and predicates on it may be pushed into the scan.
  bool plain = false;
};

/// A dataset as one principal may see it (DESIGN §4). The planner binds user SQL against
/// `visible_schema` only; rows are those admitted by at least one grant's row filter.
struct GovernedTable {
  catalog::DatasetInfo dataset;
  std::shared_ptr<arrow::Schema> visible_schema;
  std::vector<GovernedColumn> columns;  // one per visible_schema field
  /// The SELECT grants that cover the dataset and expose at least one column, by id.
  std::vector<catalog::GrantInfo> grants;
  /// Per grant: its row filter with current_user() & co. replaced by the principal's
  /// values, ready for the query parser; empty when the grant admits every row.
  std::vector<std::string> row_filters;
  /// Columns that exist but no grant exposes.
  size_t hidden_columns = 0;
  /// True for warden_admin: every row and column, nothing masked.
  bool unrestricted = false;

  /// True when some grant admits every row (no row filter applies).
  bool AllRows() const;
};

/// Decides what a principal may see and do (DESIGN §4). Deny is absence: without a grant
/// an object does not exist for the principal. Thread-safe. ResolvePrincipal reads the
/// store's policy version on every call and the principal's roles, attributes and grants
/// only when that version changed (PrincipalCache); GovernedView reads the dataset on every
/// call: policy and catalog changes apply to the next statement.
class AccessController {
 public:
  explicit AccessController(catalog::MetaStore* store)
      : store_(store), cache_(std::make_shared<PrincipalCache>()) {}

  /// Resolves a verified identity: roles (direct and through groups), attributes (the
  /// store's, overridden key by key by the token's) and the grants of the roles.
  arrow::Result<Principal> ResolvePrincipal(
      const std::string& user, const std::vector<std::string>& groups,
      const catalog::UserAttributes& token_attributes = {}) const;

  bool CanSeeDatabase(const Principal& principal, const std::string& database) const;

  /// Whether `dataset` (already read from the store) is visible to `principal`: some
  /// privilege covers it (SHOW is implied by any privilege on it or above it).
  bool CanSeeDataset(const Principal& principal, const catalog::DatasetInfo& dataset) const;

  /// The datasets among `summaries` (all of one database) that `principal` may see, in
  /// order: the same answer as CanSeeDataset on each, but full details (schemas,
  /// attributes) are read only for datasets whose visibility depends on them (grants with
  /// a column list or HAVING ATTRIBUTE); listings of large databases stay cheap.
  arrow::Result<std::vector<catalog::DatasetSummary>> VisibleDatasets(
      const Principal& principal, const std::string& database,
      std::vector<catalog::DatasetSummary> summaries) const;

  /// The governed view of `table`; kCatalogNotFound if it is absent or invisible (the two
  /// are indistinguishable).
  arrow::Result<GovernedTable> GovernedView(const Principal& principal,
                                            const sql::QualifiedName& table) const;

  /// The governed view of a dataset already read from the store.
  GovernedTable GovernedViewOf(const Principal& principal,
                               const catalog::DatasetInfo& dataset) const;

  /// OK when `principal` may run DDL and DCL; kPermissionDenied otherwise.
  arrow::Status AuthorizeDdl(const Principal& principal) const;

 private:
  /// CanSeeDataset on a dataset's attribute assignments (ListDatasetAttributes) rather than
  /// its details; `all_columns` as they were read.
  static bool SomeColumnVisible(const Principal& principal, const std::string& database,
                                const catalog::DatasetAttributes& dataset, bool all_columns);

  catalog::MetaStore* store_;
  std::shared_ptr<PrincipalCache> cache_;
};

/// Whether `grant`'s scope (catalog, database, dataset) contains `dataset`.
bool GrantCoversDataset(const catalog::GrantInfo& grant, const catalog::DatasetInfo& dataset);

/// Whether `grant` (on a dataset it covers) exposes column `index` of it: the column list
/// and HAVING ATTRIBUTE [NOT] IN over the column's attributes and the dataset's.
bool GrantExposesColumn(const catalog::GrantInfo& grant, const catalog::DatasetInfo& dataset,
                        int index);

/// The first TRANSFORM of `grant` that applies to column `index`, if any.
std::optional<catalog::GrantTransform> TransformFor(const catalog::GrantInfo& grant,
                                                    const catalog::DatasetInfo& dataset,
                                                    int index);

/// `filter` with the session functions replaced by the principal's values as SQL literals:
/// current_user() → 'u', current_groups() → ('g1', 'g2'), has_role('r') → TRUE|FALSE,
/// user_attribute('k') → 'v' (or, after IN, ('v1', 'v2')); absent values are NULL.
/// Strings, quoted names and comments are left alone.
std::string SubstituteSessionFunctions(const std::string& filter, const Principal& principal);

}  // namespace warden::policy
