#pragma once

#include "warden/planner/access_summary.h"
#include "warden/exec/transforms.h"
#include "warden/planner/governance_executor.h"
#include "warden/policy/access_controller.h"
#include "warden/sql/binder.h"

namespace warden::planner {

/// The binder's view of the catalog: each table as the caller's governed view of it
/// (DESIGN §4). For `SELECT * FROM t` under grants g1 (WHERE region = 'eu') and g2
/// (TRANSFORM email WITH mask_email()):
///   Scan(t) → Filter(is_true(region = 'eu') OR TRUE…) → Project(
///     id, CASE WHEN region = 'eu' THEN email ELSE mask_email(email) END AS email)
/// — a scan of the raw files (or, for a view, its query bound with its definer's rights),
/// the union of the row filters, then only the exposed columns, each cell masked by the
/// first grant that admits its row. Masked columns are expressions, never plain column
/// references, so the optimizer pushes no predicate on them into the scan. One per
/// statement.
class GovernedTableProvider : public sql::TableProvider {
 public:
  GovernedTableProvider(const policy::AccessController* access,
                        const policy::Principal& principal, int view_depth = 0)
      : access_(access), principal_(principal), view_depth_(view_depth) {}

  arrow::Result<sql::TableBinding> BindTable(const sql::QualifiedName& table,
                                             sql::NameGenerator& names) override;

  /// Where each governed view bound (here and in the views it reads) is noted for the
  /// audit event; nullptr: nowhere. Outlives the provider.
  void set_access_summary(AccessSummary* access) { access_summary_ = access; }

 private:
  static sql::TableBinding BindFiles(const catalog::DatasetInfo& dataset,
                                     sql::NameGenerator& names);
  /// A view reads with its definer's rights (DESIGN §4): its query is bound against the
  /// definer's governed view, whoever queries it.
  arrow::Result<sql::TableBinding> BindView(const catalog::DatasetInfo& view,
                                            sql::NameGenerator& names);

  static constexpr int kMaxViewDepth = 16;
  const policy::AccessController* access_;
  const policy::Principal& principal_;  // outlives the provider
  int view_depth_;
  AccessSummary* access_summary_ = nullptr;
};

/// Binds SQL boolean expressions (row filters, session functions already replaced) over
/// the raw columns of `base`; each result references `base.plan`'s fields.
/// Errors: the binder's, or kSqlBind when one is not boolean.
arrow::Result<std::vector<arrow::compute::Expression>> BindRowFilters(
    const sql::TableBinding& base, const std::vector<std::string>& filters,
    sql::NameGenerator& names);

/// The arguments of a stored transform as the exec layer takes them.
arrow::Result<std::vector<exec::TransformArg>> TransformArgs(
    const catalog::GrantTransform& transform);

/// CREATE VIEW's check: binds the view query as the definer against its governed view and
/// returns the output schema, each field that reads a base column unchanged naming it in
/// metadata (kSource*Key), so the view inherits that column's attributes.
ViewValidator GovernedViewValidator(const policy::AccessController* access);

}  // namespace warden::planner
