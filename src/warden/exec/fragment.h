#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/sql/logical_plan.h"

/// Plan fragments: the unit of work a planner signs into a ticket and a worker executes.
/// A fragment is self-contained — a worker needs nothing else (no catalog, no policy).
namespace warden::exec {

/// A governed query plan (or, for plain scans, the part of it over some of the files).
struct QueryFragment {
  sql::QueryPlan plan;
  /// Most memory the worker may use for this fragment; 0 for the worker's default.
  int64_t memory_limit_bytes = 0;
};

/// A result computed by the planner itself (SHOW, DESCRIBE, DDL status), carried whole in
/// the ticket so that any planner can serve it without shared state.
struct InlineResult {
  std::shared_ptr<arrow::Table> table;
};

using Fragment = std::variant<QueryFragment, InlineResult>;

arrow::Result<std::string> SerializeFragment(const Fragment& fragment);
arrow::Result<Fragment> DeserializeFragment(const std::string& text);

/// A short human-readable description (for logs); carries no data values.
std::string DescribeFragment(const Fragment& fragment);

/// The plan as JSON text (tickets carry it); expressions and schemas in Arrow's encodings.
arrow::Result<std::string> SerializePlan(const sql::QueryPlan& plan);
arrow::Result<sql::QueryPlan> DeserializePlan(const std::string& text);

}  // namespace warden::exec
