#pragma once

#include "warden/planner/access_summary.h"
#include "warden/planner/governance_executor.h"
#include "warden/policy/access_controller.h"
#include "warden/sql/binder.h"

namespace warden::planner {

/// The binder's view of the catalog: each table as the caller's governed view of it — a
/// scan of the raw files (or, for a view, its query bound with its definer's rights), the
/// policy's row filter, then only the columns the caller may see. One per statement.
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

/// CREATE VIEW's check: binds the view query as the definer against its governed view and
/// returns the output schema, each field that reads a base column unchanged naming it in
/// metadata (kSource*Key), so the view inherits that column's attributes.
ViewValidator GovernedViewValidator(const policy::AccessController* access);

}  // namespace warden::planner
