#include "warden/planner/access_summary.h"

#include <algorithm>

namespace warden::planner {

void AccessSummary::AddOnce(std::vector<std::string>* list, std::string value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(std::move(value));
  }
}

void AccessSummary::AddGovernedTable(const policy::GovernedTable& governed) {
  const std::string name = governed.dataset.QualifiedName();
  AddOnce(&datasets, name);
  // The filter is policy text over the dataset's raw columns (with current_user() and
  // attributes already substituted by the policy), not data read from the files.
  if (governed.row_filter) AddOnce(&row_filters, name + ": " + governed.row_filter->ToString());
}

void AccessSummary::AddScans(const sql::PlanNode& root) {
  for (const sql::PlanNode* scan : sql::CollectScans(const_cast<sql::PlanNode*>(&root))) {
    const std::string table = scan->source.table.ToString();
    AddOnce(&datasets, table);
    for (const auto& column : scan->scan_columns) AddOnce(&columns, table + "." + column);
  }
}

}  // namespace warden::planner
