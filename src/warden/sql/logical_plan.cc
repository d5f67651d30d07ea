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

std::optional<std::pair<QualifiedName, std::string>> SourceColumnOf(const PlanNode& node,
                                                                    const std::string& field) {
  const int index = node.schema->GetFieldIndex(field);
  if (index < 0) return std::nullopt;
  switch (node.kind) {
    case PlanKind::kScan:
      return std::make_pair(node.source.table, node.scan_columns[index]);
    case PlanKind::kProject: {
      const auto* ref = node.expressions[index].field_ref();
      if (ref == nullptr || ref->name() == nullptr) return std::nullopt;
      return SourceColumnOf(*node.inputs[0], *ref->name());
    }
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit:
      return SourceColumnOf(*node.inputs[0], field);
    case PlanKind::kUnnest:
      if (field == node.unnest_output) return std::nullopt;
      return SourceColumnOf(*node.inputs[0], field);
    case PlanKind::kAggregate:
      for (const auto& key : node.group_keys) {
        if (key == field) return SourceColumnOf(*node.inputs[0], field);
      }
      return std::nullopt;
    case PlanKind::kJoin:
      for (const auto& input : node.inputs) {
        if (input->schema->GetFieldIndex(field) >= 0) return SourceColumnOf(*input, field);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
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

void CollectFieldNames(const arrow::compute::Expression& expr, std::set<std::string>* out) {
  if (const auto* ref = expr.field_ref()) {
    if (ref->name()) out->insert(*ref->name());
  } else if (const auto* call = expr.call()) {
    for (const auto& arg : call->arguments) CollectFieldNames(arg, out);
  }
}

void SplitConjuncts(const arrow::compute::Expression& expr,
                    std::vector<arrow::compute::Expression>* out) {
  const auto* call = expr.call();
  if (call != nullptr && call->function_name == "and_kleene") {
    for (const auto& arg : call->arguments) SplitConjuncts(arg, out);
    return;
  }
  out->push_back(expr);
}

std::optional<arrow::compute::Expression> Conjunction(
    const std::vector<arrow::compute::Expression>& parts) {
  if (parts.empty()) return std::nullopt;
  arrow::compute::Expression result = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    result = arrow::compute::call("and_kleene", {result, parts[i]});
  }
  return result;
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
