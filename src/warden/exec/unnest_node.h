#pragma once

#include <memory>
#include <string>

#include <arrow/acero/options.h>
#include <arrow/status.h>

/// The Acero node that runs the plan's Unnest node (Acero has none): each input batch is
/// expanded by UnnestBatch (unnest_reader.h) inside the one Acero plan, so nothing blocks
/// a thread waiting for another plan.
namespace warden::exec {

/// The factory name of the node, registered by RegisterUnnestNode().
inline constexpr const char* kUnnestNodeName = "warden_unnest";

/// Options of a `warden_unnest` node: the input's list column and the output schema
/// (the input's, with the element in the list's place).
class UnnestNodeOptions : public arrow::acero::ExecNodeOptions {
 public:
  UnnestNodeOptions(std::string list_column, std::shared_ptr<arrow::Schema> output_schema)
      : list_column(std::move(list_column)), output_schema(std::move(output_schema)) {}

  std::string list_column;
  std::shared_ptr<arrow::Schema> output_schema;
};

/// Adds the `warden_unnest` factory to Acero's default registry; idempotent and
/// thread-safe.
arrow::Status RegisterUnnestNode();

}  // namespace warden::exec
