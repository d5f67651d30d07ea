#include "warden/exec/unnest_node.h"

#include <arrow/acero/exec_plan.h>
#include <arrow/acero/map_node.h>
#include <arrow/acero/query_context.h>
#include <arrow/acero/util.h>
#include <arrow/record_batch.h>

#include <mutex>

#include "warden/common/error.h"
#include "warden/exec/unnest_batch.h"

namespace warden::exec {

namespace {

namespace ac = arrow::acero;

/// One output batch per input batch (possibly empty), in the input's order.
class UnnestNode : public ac::MapNode {
 public:
  UnnestNode(ac::ExecPlan* plan, std::vector<ac::ExecNode*> inputs,
             std::shared_ptr<arrow::Schema> output_schema, int list_index)
      : MapNode(plan, std::move(inputs), std::move(output_schema)),
        list_index_(list_index) {}

  const char* kind_name() const override { return "UnnestNode"; }

 protected:
  arrow::Result<arrow::compute::ExecBatch> ProcessBatch(
      arrow::compute::ExecBatch batch) override {
    arrow::MemoryPool* pool = plan()->query_context()->memory_pool();
    ARROW_ASSIGN_OR_RAISE(auto input, batch.ToRecordBatch(inputs()[0]->output_schema(), pool));
    ARROW_ASSIGN_OR_RAISE(auto unnested,
                          UnnestBatch(*input, list_index_, output_schema(), pool));
    arrow::compute::ExecBatch out(*unnested);
    out.index = batch.index;
    return out;
  }

 private:
  int list_index_;
};

arrow::Result<ac::ExecNode*> MakeUnnestNode(ac::ExecPlan* plan,
                                            std::vector<ac::ExecNode*> inputs,
                                            const ac::ExecNodeOptions& options) {
  ARROW_RETURN_NOT_OK(ac::ValidateExecNodeInputs(plan, inputs, 1, "UnnestNode"));
  const auto& unnest = static_cast<const UnnestNodeOptions&>(options);
  const auto& input_schema = *inputs[0]->output_schema();
  const int index = input_schema.GetFieldIndex(unnest.list_column);
  if (index < 0 || unnest.output_schema->num_fields() != input_schema.num_fields()) {
    return Error(ErrorCode::kInternal, "unnest over a column its input lacks");
  }
  return plan->EmplaceNode<UnnestNode>(plan, std::move(inputs), unnest.output_schema, index);
}

}  // namespace

arrow::Status RegisterUnnestNode() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] {
    status = ac::default_exec_factory_registry()->AddFactory(kUnnestNodeName, MakeUnnestNode);
  });
  return status;
}

}  // namespace warden::exec
