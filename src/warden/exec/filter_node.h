#pragma once

#include <arrow/acero/options.h>
#include <arrow/compute/expression.h>
#include <arrow/status.h>

/// The Acero node that runs the plan's Filter nodes: Acero's own filter, except that the
/// rows are copied by FilterBatch (batch_filter.h), which copies runs of kept rows at once.
namespace warden::exec {

/// The factory name of the node, registered by RegisterFilterNode().
inline constexpr const char* kFilterNodeName = "warden_filter";

/// Options of a `warden_filter` node: the predicate over the input's columns; rows where
/// it is false or null are dropped.
class FilterNodeOptions : public arrow::acero::ExecNodeOptions {
 public:
  explicit FilterNodeOptions(arrow::compute::Expression predicate)
      : predicate(std::move(predicate)) {}

  arrow::compute::Expression predicate;
};

/// Adds the `warden_filter` factory to Acero's default registry; idempotent and
/// thread-safe.
arrow::Status RegisterFilterNode();

}  // namespace warden::exec
