#pragma once

#include <set>
#include <string>
#include <vector>

#include "warden/policy/access_controller.h"
#include "warden/sql/logical_plan.h"

namespace warden::planner {

/// What one statement touched, as its governed views and plan expose it: the datasets,
/// columns, grants, transforms and row filters of its audit event (DESIGN §7). Names and
/// policy text only, never a value. Not thread-safe: one per statement.
class AccessSummary {
 public:
  /// A table reference bound to its governed view (views and the tables they read, at
  /// any depth): the dataset, the grants that cover it, the transforms on its columns
  /// and the row filters the policy applied.
  void AddGovernedTable(const policy::GovernedTable& governed);
  /// The columns the optimized plan reads from files ("db.table.column").
  void AddScans(const sql::PlanNode& root);

  std::vector<std::string> datasets;
  std::vector<std::string> columns;
  std::vector<std::string> grants;
  std::vector<std::string> transforms;
  std::vector<std::string> row_filters;  // "db.table: <filter>"

 private:
  static void AddOnce(std::vector<std::string>* list, std::string value);
};

}  // namespace warden::planner
