#include "warden/sql/logical_plan.h"

#include <arrow/type.h>

namespace warden::sql {

PlanPtr MakeNode(PlanKind kind, std::vector<PlanPtr> inputs,
                 std::shared_ptr<arrow::Schema> schema) {
  auto node = std::make_shared<PlanNode>();
  node->kind = kind;
  node->inputs = std::move(inputs);
  node->schema = std::move(schema);
  return node;
}

PlanPtr MakeScanNode(ScanSource source, const std::vector<std::string>& columns,
                     NameGenerator& names) {
  arrow::FieldVector fields;
  for (const auto& column : columns) {
    auto field = source.dataset_schema->GetFieldByName(column);
    fields.push_back(arrow::field(names.Next(), field ? field->type() : arrow::null()));
  }
  auto node = MakeNode(PlanKind::kScan, {}, arrow::schema(std::move(fields)));
  node->source = std::move(source);
  node->scan_columns = columns;
  return node;
}

namespace {

void Collect(PlanNode* node, std::vector<PlanNode*>* scans) {
  if (node->kind == PlanKind::kScan) scans->push_back(node);
  for (auto& input : node->inputs) Collect(input.get(), scans);
}

bool IsPlainBelowLimit(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::kScan:
      return true;
    case PlanKind::kFilter:
    case PlanKind::kProject:
      return IsPlainBelowLimit(*node.inputs[0]);
    default:
      return false;
  }
}

}  // namespace

bool RenameFields(const arrow::compute::Expression& expr,
                  const std::map<std::string, std::string>& renames,
                  arrow::compute::Expression* out) {
  namespace cp = arrow::compute;
  if (const auto* ref = expr.field_ref()) {
    auto it = ref->name() ? renames.find(*ref->name()) : renames.end();
    if (it == renames.end()) return false;
    *out = cp::field_ref(it->second);
    return true;
  }
  if (const auto* call = expr.call()) {
    std::vector<cp::Expression> args;
    for (const auto& arg : call->arguments) {
      cp::Expression renamed;
      if (!RenameFields(arg, renames, &renamed)) return false;
      args.push_back(std::move(renamed));
    }
    *out = cp::call(call->function_name, std::move(args), call->options);
    return true;
  }
  *out = expr;
  return true;
}

std::vector<PlanNode*> CollectScans(PlanNode* root) {
  std::vector<PlanNode*> scans;
  Collect(root, &scans);
  return scans;
}

bool IsPlainScan(const PlanNode& root) {
  if (root.kind == PlanKind::kLimit) return IsPlainBelowLimit(*root.inputs[0]);
  return IsPlainBelowLimit(root);
}

}  // namespace warden::sql
