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
  // Policy text only (grants, masks, filters with current_user() & co. substituted by the
  // policy), never data read from the files.
  for (size_t g = 0; g < governed.grants.size(); ++g) {
    const auto& grant = governed.grants[g];
    AddOnce(&grants, "#" + std::to_string(grant.id) + " " + grant.role + ": " + grant.ToString());
    if (g < governed.row_filters.size() && !governed.row_filters[g].empty() &&
        !governed.AllRows()) {
      AddOnce(&row_filters, name + ": " + governed.row_filters[g]);
    }
  }
  for (const auto& column : governed.columns) {
    for (const auto& rule : column.rules) {
      if (!rule.transform) continue;
      AddOnce(&transforms, name + "." + column.field->name() + ": " + rule.transform->ToString());
    }
  }
}

void AccessSummary::AddScans(const sql::PlanNode& root) {
  for (const sql::PlanNode* scan : sql::CollectScans(const_cast<sql::PlanNode*>(&root))) {
    const std::string table = scan->source.table.ToString();
    AddOnce(&datasets, table);
    for (const auto& column : scan->scan_columns) AddOnce(&columns, table + "." + column);
  }
}

}  // namespace warden::planner
