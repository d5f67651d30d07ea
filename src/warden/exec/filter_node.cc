#include "warden/exec/filter_node.h"

#include <arrow/acero/exec_plan.h>
#include <arrow/acero/map_node.h>
#include <arrow/acero/query_context.h>
#include <arrow/acero/util.h>
#include <arrow/compute/exec.h>

#include <mutex>

#include "warden/common/error.h"
#include "warden/exec/batch_filter.h"

namespace warden::exec {

namespace {

namespace ac = arrow::acero;
namespace cp = arrow::compute;

/// One output batch per input batch (possibly empty), in the input's order.
class FilterNode : public ac::MapNode {
 public:
  FilterNode(ac::ExecPlan* plan, std::vector<ac::ExecNode*> inputs,
             std::shared_ptr<arrow::Schema> output_schema, cp::Expression predicate)
      : MapNode(plan, std::move(inputs), std::move(output_schema)),
        predicate_(std::move(predicate)) {}

  const char* kind_name() const override { return "FilterNode"; }

 protected:
  arrow::Result<cp::ExecBatch> ProcessBatch(cp::ExecBatch batch) override {
    ARROW_ASSIGN_OR_RAISE(cp::Expression simplified,
                          cp::SimplifyWithGuarantee(predicate_, batch.guarantee));
    ARROW_ASSIGN_OR_RAISE(
        arrow::Datum mask,
        cp::ExecuteScalarExpression(simplified, batch, plan()->query_context()->exec_context()));
    if (mask.is_scalar()) {
      const auto& keep = mask.scalar_as<arrow::BooleanScalar>();
      if (keep.is_valid && keep.value) return batch;
      cp::ExecBatch empty = batch.Slice(0, 0);
      empty.index = batch.index;
      return empty;
    }
    // FilterBatch keeps the batch's index, which orders it for the sink.
    return FilterBatch(batch, *mask.array(), plan()->query_context()->memory_pool());
  }

 private:
  cp::Expression predicate_;
};

arrow::Result<ac::ExecNode*> MakeFilterNode(ac::ExecPlan* plan, std::vector<ac::ExecNode*> inputs,
                                            const ac::ExecNodeOptions& options) {
  ARROW_RETURN_NOT_OK(ac::ValidateExecNodeInputs(plan, inputs, 1, "FilterNode"));
  const auto& schema = inputs[0]->output_schema();
  cp::Expression predicate = static_cast<const FilterNodeOptions&>(options).predicate;
  if (!predicate.IsBound()) {
    ARROW_ASSIGN_OR_RAISE(predicate,
                          predicate.Bind(*schema, plan->query_context()->exec_context()));
  }
  if (predicate.type()->id() != arrow::Type::BOOL) {
    return Error(ErrorCode::kInternal,
                 "a filter's predicate must be boolean, not " + predicate.type()->ToString());
  }
  return plan->EmplaceNode<FilterNode>(plan, std::move(inputs), schema, std::move(predicate));
}

}  // namespace

arrow::Status RegisterFilterNode() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] {
    status = ac::default_exec_factory_registry()->AddFactory(kFilterNodeName, MakeFilterNode);
  });
  return status;
}

}  // namespace warden::exec
