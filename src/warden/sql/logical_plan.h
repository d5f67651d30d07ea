#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/compute/expression.h>
#include <arrow/type_fwd.h>

#include "warden/sql/identifier.h"

namespace warden::sql {

/// A bound single-table scan: project, filter, limit (the plans the walking skeleton runs).
struct BoundScan {
  QualifiedName table;
  /// Columns read from the table, in output order, spelled exactly as in the table schema.
  std::vector<std::string> source_columns;
  /// Output schema: one field per source column, named by its alias when one was given.
  std::shared_ptr<arrow::Schema> output_schema;
  /// WHERE, over the table's columns (field_ref by exact schema name), already type-checked
  /// against the table schema; nullopt when there is no WHERE.
  std::optional<arrow::compute::Expression> filter;
  std::optional<int64_t> limit;
};

}  // namespace warden::sql
