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

/// Plan fragments: the unit of work a planner signs into a ticket and a worker executes.
/// A fragment is self-contained — a worker needs nothing else (no catalog, no policy).
namespace warden::exec {

/// Scan a list of files: project, filter, limit. The governed plan of a plain query.
struct ScanFragment {
  std::string format;                              // parquet | csv | json | orc
  std::vector<std::string> file_uris;              // absolute URIs of the files to read
  std::shared_ptr<arrow::Schema> dataset_schema;   // the catalog schema of the table
  std::vector<std::string> columns;                // source columns, in output order
  std::shared_ptr<arrow::Schema> output_schema;    // names and types of the result
  std::optional<arrow::compute::Expression> filter;  // over dataset_schema
  std::optional<int64_t> limit;
};

/// A result computed by the planner itself (SHOW, DESCRIBE, DDL status), carried whole in
/// the ticket so that any planner can serve it without shared state.
struct InlineResult {
  std::shared_ptr<arrow::Table> table;
};

using Fragment = std::variant<ScanFragment, InlineResult>;

arrow::Result<std::string> SerializeFragment(const Fragment& fragment);
arrow::Result<Fragment> DeserializeFragment(const std::string& text);

/// A short human-readable description (for EXPLAIN and logs); carries no data values.
std::string DescribeFragment(const Fragment& fragment);

}  // namespace warden::exec
