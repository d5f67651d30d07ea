#pragma once

#include <functional>
#include <string>
#include <vector>

#include "warden/sql/logical_plan.h"

namespace warden::sql {

/// EXPLAIN's text: one line per plan node, children indented below their parent. Scans
/// show their table, format, the columns they read and the predicate pushed into them;
/// `scan_details` may add more (files and row groups kept after pruning). Columns read
/// from tables go by their table names; computed ones by their internal names (_N).
std::vector<std::string> ExplainPlan(
    const QueryPlan& plan, const std::function<std::string(const PlanNode&)>& scan_details);

}  // namespace warden::sql
