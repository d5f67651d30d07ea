#include "warden/sql/explain.h"

#include <arrow/table.h>
#include <arrow/type.h>

#include <map>

namespace warden::sql {

namespace {

namespace cp = arrow::compute;

class Explainer {
 public:
  Explainer(const QueryPlan& plan, const std::function<std::string(const PlanNode&)>& details)
      : details_(details) {
    Name(*plan.root);
    for (int i = 0; i < plan.output_schema->num_fields(); ++i) {
      names_[plan.root->schema->field(i)->name()] = plan.output_schema->field(i)->name();
    }
  }

  void Render(const PlanNode& node, int depth, std::vector<std::string>* lines) {
    lines->push_back(std::string(depth * 2, ' ') + Describe(node));
    for (const auto& input : node.inputs) Render(*input, depth + 1, lines);
  }

 private:
  /// Scan outputs are shown by their dataset column names; every other field by itself.
  /// Plain copies (renames) keep the name of what they copy.
  void Name(const PlanNode& node) {
    for (const auto& input : node.inputs) Name(*input);
    for (const auto& field : node.schema->fields()) names_.emplace(field->name(), field->name());
    if (node.kind == PlanKind::kScan) {
      for (size_t i = 0; i < node.scan_columns.size(); ++i) {
        names_[node.schema->field(static_cast<int>(i))->name()] = node.scan_columns[i];
      }
    } else if (node.kind == PlanKind::kProject) {
      for (int i = 0; i < node.schema->num_fields(); ++i) {
        const auto* ref = node.expressions[i].field_ref();
        if (ref != nullptr && ref->name()) {
          names_[node.schema->field(i)->name()] = Field(*ref->name());
        }
      }
    }
  }

  std::string Show(const cp::Expression& expr) const {
    cp::Expression renamed;
    return RenameFields(expr, names_, &renamed) ? renamed.ToString() : expr.ToString();
  }

  std::string Field(const std::string& name) const {
    auto it = names_.find(name);
    return it == names_.end() ? name : it->second;
  }

  std::string List(const std::vector<std::string>& items) const {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + Field(item);
    return out;
  }

  std::string Describe(const PlanNode& node) const {
    switch (node.kind) {
      case PlanKind::kScan: {
        std::string out = "Scan " + node.source.table.ToString() + " [" + node.source.format +
                          "] columns=[";
        for (size_t i = 0; i < node.scan_columns.size(); ++i) {
          out += (i ? ", " : "") + node.scan_columns[i];
        }
        out += "]";
        out += node.scan_filter ? " pushed=" + Show(*node.scan_filter) : " pushed=none";
        if (details_) out += details_(node);
        return out;
      }
      case PlanKind::kValues:
        return "Values rows=" + std::to_string(node.values->num_rows());
      case PlanKind::kFilter:
        return "Filter " + Show(node.predicate);
      case PlanKind::kProject: {
        std::string out = "Project [";
        for (int i = 0; i < node.schema->num_fields(); ++i) {
          const std::string shown = Show(node.expressions[i]);
          const std::string name = Field(node.schema->field(i)->name());
          out += (i ? ", " : "") + (shown == name ? name : shown + " AS " + name);
        }
        return out + "]";
      }
      case PlanKind::kAggregate: {
        std::string out = "Aggregate keys=[" + List(node.group_keys) + "] aggregates=[";
        for (size_t i = 0; i < node.aggregates.size(); ++i) {
          const auto& call = node.aggregates[i];
          out += (i ? ", " : "") + call.function + "(" + (call.input.empty() ? "*" : Field(call.input)) +
                 ") AS " + Field(call.output);
        }
        return out + "]";
      }
      case PlanKind::kJoin: {
        static const char* kTypes[] = {"Inner", "Left", "Right", "Full"};
        std::string out = std::string(kTypes[static_cast<int>(node.join_type)]) + " HashJoin";
        if (node.left_keys.empty()) out += " (cross)";
        for (size_t i = 0; i < node.left_keys.size(); ++i) {
          out += (i ? " AND " : " on ") + Field(node.left_keys[i]) + " = " + Field(node.right_keys[i]);
        }
        if (node.residual) out += " filter=" + Show(*node.residual);
        return out;
      }
      case PlanKind::kSort: {
        std::string out = "Sort [";
        for (size_t i = 0; i < node.sort_keys.size(); ++i) {
          const auto& key = node.sort_keys[i];
          out += (i ? ", " : "") + Field(key.column) + (key.descending ? " DESC" : " ASC") +
                 (key.nulls_first ? " NULLS FIRST" : " NULLS LAST");
        }
        return out + "]";
      }
      case PlanKind::kLimit:
        return "Limit " + (node.count ? std::to_string(*node.count) : std::string("ALL")) +
               " offset " + std::to_string(node.offset);
      case PlanKind::kUnion:
        return "UnionAll";
      case PlanKind::kUnnest:
        return "Unnest " + Field(node.unnest_input) + " AS " + Field(node.unnest_output);
    }
    return "?";
  }

  const std::function<std::string(const PlanNode&)>& details_;
  std::map<std::string, std::string> names_;
};

}  // namespace

std::vector<std::string> ExplainPlan(
    const QueryPlan& plan, const std::function<std::string(const PlanNode&)>& scan_details) {
  std::vector<std::string> lines;
  Explainer(plan, scan_details).Render(*plan.root, 0, &lines);
  return lines;
}

}  // namespace warden::sql
