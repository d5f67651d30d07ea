#include "warden/sql/optimizer.h"

#include <arrow/type.h>

#include <map>
#include <optional>
#include <set>

#include "warden/common/error.h"

namespace warden::sql {

namespace {

namespace cp = arrow::compute;
using Names = std::set<std::string>;

std::shared_ptr<arrow::Schema> Concat(const arrow::Schema& a, const arrow::Schema& b) {
  arrow::FieldVector fields = a.fields();
  for (const auto& field : b.fields()) fields.push_back(field);
  return arrow::schema(std::move(fields));
}

/// Removes what nobody above reads; `required` are names of `node`'s output fields.
void Prune(PlanNode* node, const Names& required) {
  switch (node->kind) {
    case PlanKind::kScan: {
      arrow::FieldVector fields;
      std::vector<std::string> columns;
      for (int i = 0; i < node->schema->num_fields(); ++i) {
        if (required.count(node->schema->field(i)->name()) == 0) continue;
        fields.push_back(node->schema->field(i));
        columns.push_back(node->scan_columns[i]);
      }
      node->schema = arrow::schema(std::move(fields));
      node->scan_columns = std::move(columns);
      return;
    }
    case PlanKind::kValues:
      return;
    case PlanKind::kFilter: {
      Names below = required;
      CollectFieldNames(node->predicate, &below);
      Prune(node->inputs[0].get(), below);
      node->schema = node->inputs[0]->schema;
      return;
    }
    case PlanKind::kProject: {
      arrow::FieldVector fields;
      std::vector<cp::Expression> expressions;
      Names below;
      for (int i = 0; i < node->schema->num_fields(); ++i) {
        if (required.count(node->schema->field(i)->name()) == 0) continue;
        fields.push_back(node->schema->field(i));
        expressions.push_back(node->expressions[i]);
        CollectFieldNames(node->expressions[i], &below);
      }
      node->schema = arrow::schema(std::move(fields));
      node->expressions = std::move(expressions);
      Prune(node->inputs[0].get(), below);
      return;
    }
    case PlanKind::kAggregate: {
      Names below(node->group_keys.begin(), node->group_keys.end());
      for (const auto& call : node->aggregates) {
        if (!call.input.empty()) below.insert(call.input);
      }
      Prune(node->inputs[0].get(), below);
      return;
    }
    case PlanKind::kJoin: {
      Names all = required;
      all.insert(node->left_keys.begin(), node->left_keys.end());
      all.insert(node->right_keys.begin(), node->right_keys.end());
      if (node->residual) CollectFieldNames(*node->residual, &all);
      for (auto& input : node->inputs) {
        Names side;
        for (const auto& field : input->schema->fields()) {
          if (all.count(field->name())) side.insert(field->name());
        }
        Prune(input.get(), side);
      }
      node->schema = Concat(*node->inputs[0]->schema, *node->inputs[1]->schema);
      return;
    }
    case PlanKind::kSort: {
      Names below = required;
      for (const auto& key : node->sort_keys) below.insert(key.column);
      Prune(node->inputs[0].get(), below);
      node->schema = node->inputs[0]->schema;
      return;
    }
    case PlanKind::kUnnest: {
      // The list decides how many rows there are: it is read even when its elements
      // are not.
      Names below = required;
      below.erase(node->unnest_output);
      below.insert(node->unnest_input);
      Prune(node->inputs[0].get(), below);
      auto schema = UnnestSchema(*node->inputs[0]->schema, node->unnest_input,
                                 node->unnest_output);
      if (schema.ok()) node->schema = *schema;  // it was checked when the node was made
      return;
    }
    case PlanKind::kLimit:
      Prune(node->inputs[0].get(), required);
      node->schema = node->inputs[0]->schema;
      return;
    case PlanKind::kUnion:
      // Inputs of a union line up by position: keep them whole.
      for (auto& input : node->inputs) {
        Names all;
        for (const auto& field : input->schema->fields()) all.insert(field->name());
        Prune(input.get(), all);
      }
      return;
  }
}

/// A conjunct Arrow can evaluate against statistics without any risk of a runtime error:
/// comparisons, null tests and IN lists of columns and constants, and AND/OR/NOT of those.
bool IsSafeHint(const cp::Expression& expr) {
  static const std::set<std::string> kSafe = {
      "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
      "is_null", "is_valid", "is_nan", "is_in", "and_kleene", "or_kleene", "invert"};
  if (expr.field_ref() != nullptr || expr.literal() != nullptr) return true;
  const auto* call = expr.call();
  if (call == nullptr || kSafe.count(call->function_name) == 0) return false;
  for (const auto& arg : call->arguments) {
    if (!IsSafeHint(arg)) return false;
  }
  return true;
}

bool IsFloatColumn(const cp::Expression& expr, const arrow::Schema& schema) {
  const auto* ref = expr.field_ref();
  if (ref == nullptr || ref->name() == nullptr) return false;
  const auto field = schema.GetFieldByName(*ref->name());
  return field != nullptr && arrow::is_floating(field->type()->id());
}

bool ReadsFloatColumn(const cp::Expression& expr, const arrow::Schema& schema) {
  if (IsFloatColumn(expr, schema)) return true;
  const auto* call = expr.call();
  if (call == nullptr) return false;
  for (const auto& arg : call->arguments) {
    if (ReadsFloatColumn(arg, schema)) return true;
  }
  return false;
}

/// `expr` as a hint that row-group statistics cannot misuse, or nullopt. Parquet leaves
/// NaN out of min/max, and Arrow prunes a row group when the hint is false for every
/// value in [min, max] (with min = max it even substitutes that value for the column).
/// That is sound only for a hint that is false for NaN: ordering comparisons and `=`
/// are, in IEEE as the kernels run them. What may be true for NaN — PostgreSQL's x > c,
/// which the binder writes NOT (x <= c), `x <> c`, is_nan, IN — is left out when it reads
/// a float column, which only prunes less (no row group holding NaN could be pruned by
/// it anyway).
std::optional<cp::Expression> NanSafeHint(const cp::Expression& expr,
                                          const arrow::Schema& schema) {
  static const std::set<std::string> kTrueForNan = {"invert", "not_equal", "is_nan", "is_in"};
  const auto* call = expr.call();
  if (call == nullptr || !ReadsFloatColumn(expr, schema)) return expr;
  const std::string& name = call->function_name;
  if (name == "and_kleene" || name == "or_kleene") {
    auto a = NanSafeHint(call->arguments[0], schema);
    auto b = NanSafeHint(call->arguments[1], schema);
    if (a && b) return cp::call(name, {std::move(*a), std::move(*b)});
    // One side alone is implied by an AND; an OR needs both.
    if (name == "and_kleene" && (a || b)) return a ? a : b;
    return std::nullopt;
  }
  if (kTrueForNan.count(name)) return std::nullopt;
  return expr;
}

/// Follows renames down from `node` to a Scan: the map takes each field name at `node`
/// to the dataset column it is an unchanged copy of.
PlanNode* FindScan(PlanNode* node, std::map<std::string, std::string>* renames) {
  std::map<std::string, std::string> current;
  for (const auto& field : node->schema->fields()) current[field->name()] = field->name();
  while (true) {
    switch (node->kind) {
      case PlanKind::kFilter:
        node = node->inputs[0].get();
        continue;
      case PlanKind::kProject: {
        // Only plain copies (field refs) keep a name traceable to a dataset column.
        std::map<std::string, std::string> result;
        for (const auto& [top, here] : current) {
          for (int i = 0; i < node->schema->num_fields(); ++i) {
            if (node->schema->field(i)->name() != here) continue;
            const auto* ref = node->expressions[i].field_ref();
            if (ref != nullptr && ref->name()) result[top] = *ref->name();
          }
        }
        current = std::move(result);
        node = node->inputs[0].get();
        continue;
      }
      case PlanKind::kUnnest:
        // Every field but the element passes through unchanged.
        for (auto it = current.begin(); it != current.end();) {
          it = it->second == node->unnest_output ? current.erase(it) : std::next(it);
        }
        node = node->inputs[0].get();
        continue;
      case PlanKind::kScan: {
        for (const auto& [top, here] : current) {
          const int index = node->schema->GetFieldIndex(here);
          if (index >= 0) (*renames)[top] = node->scan_columns[index];
        }
        return node;
      }
      default:
        return nullptr;
    }
  }
}

/// `expr` with every `coalesce(p, false)` at a positive position (the top, or under AND
/// and OR only) replaced by `p`, which prunes exactly what it does: a row passes either
/// only where `p` is true, and a row group where `p` cannot be true holds no such row. A
/// governed view's row filter is the OR of `coalesce(grant filter, false)` over its
/// grants; unwrapped, its comparisons prune row groups and partitions like a WHERE.
/// Not under NOT, where a NULL `p` would turn the coalesce's false into true.
cp::Expression WithoutFalseCoalesce(const cp::Expression& expr) {
  const auto* call = expr.call();
  if (call == nullptr) return expr;
  if (call->function_name == "coalesce" && call->arguments.size() == 2) {
    const auto* fallback = call->arguments[1].literal();
    if (fallback != nullptr && fallback->is_scalar() &&
        fallback->scalar()->type->id() == arrow::Type::BOOL && fallback->scalar()->is_valid &&
        !fallback->scalar_as<arrow::BooleanScalar>().value) {
      return WithoutFalseCoalesce(call->arguments[0]);
    }
  }
  if (call->function_name == "and_kleene" || call->function_name == "or_kleene") {
    return cp::call(call->function_name, {WithoutFalseCoalesce(call->arguments[0]),
                                          WithoutFalseCoalesce(call->arguments[1])});
  }
  return expr;
}

/// False for a hint that in practice prunes nothing: `x <> c` skips only a row group whose
/// every value is c, and an OR only what all of its branches skip. Such a hint would still
/// cost its columns their cheaper dictionary decoding (exec/dictionary_reads.h).
bool MayPrune(const cp::Expression& expr) {
  const auto* call = expr.call();
  if (call == nullptr) return true;
  if (call->function_name == "not_equal") return false;
  if (call->function_name == "or_kleene") {
    return MayPrune(call->arguments[0]) && MayPrune(call->arguments[1]);
  }
  if (call->function_name == "and_kleene") {
    return MayPrune(call->arguments[0]) || MayPrune(call->arguments[1]);
  }
  return true;
}

void PushScanHints(PlanNode* node) {
  for (auto& input : node->inputs) PushScanHints(input.get());
  if (node->kind != PlanKind::kFilter) return;
  std::map<std::string, std::string> renames;
  PlanNode* scan = FindScan(node->inputs[0].get(), &renames);
  if (scan == nullptr) return;
  std::vector<cp::Expression> parts;
  SplitConjuncts(node->predicate, &parts);
  for (const auto& conjunct : parts) {
    const cp::Expression part = WithoutFalseCoalesce(conjunct);
    if (!MayPrune(part)) continue;
    cp::Expression renamed;
    if (!IsSafeHint(part) || !RenameFields(part, renames, &renamed)) continue;
    auto hint = NanSafeHint(renamed, *scan->source.dataset_schema);
    if (!hint) continue;
    renamed = std::move(*hint);
    scan->scan_filter = scan->scan_filter ? *Conjunction({*scan->scan_filter, renamed}) : renamed;
  }
}

std::set<std::string> FieldNames(const arrow::Schema& schema) {
  std::set<std::string> names;
  for (const auto& field : schema.fields()) names.insert(field->name());
  return names;
}

bool Within(const Names& used, const std::set<std::string>& available) {
  for (const auto& name : used) {
    if (available.count(name) == 0) return false;
  }
  return true;
}

/// Moves conjuncts of a Filter over a Join onto the side they read, when the join type
/// keeps that side's rows exactly (inner: both; left: the left; right: the right), so
/// fewer rows are joined and scans below get pruning hints.
void PushFiltersIntoJoins(PlanPtr& node) {
  for (auto& input : node->inputs) PushFiltersIntoJoins(input);
  if (node->kind != PlanKind::kFilter || node->inputs[0]->kind != PlanKind::kJoin) return;
  PlanNode& join = *node->inputs[0];
  const bool left_ok = join.join_type == PlanJoinType::kInner || join.join_type == PlanJoinType::kLeft;
  const bool right_ok = join.join_type == PlanJoinType::kInner || join.join_type == PlanJoinType::kRight;
  const auto left_fields = FieldNames(*join.inputs[0]->schema);
  const auto right_fields = FieldNames(*join.inputs[1]->schema);
  std::vector<cp::Expression> parts, keep, to_left, to_right;
  SplitConjuncts(node->predicate, &parts);
  for (auto& part : parts) {
    Names used;
    CollectFieldNames(part, &used);
    if (left_ok && !used.empty() && Within(used, left_fields)) {
      to_left.push_back(std::move(part));
    } else if (right_ok && !used.empty() && Within(used, right_fields)) {
      to_right.push_back(std::move(part));
    } else {
      keep.push_back(std::move(part));
    }
  }
  const auto wrap = [](PlanPtr& side, const std::vector<cp::Expression>& predicates) {
    if (predicates.empty()) return;
    auto filter = MakeNode(PlanKind::kFilter, {side}, side->schema);
    filter->predicate = *Conjunction(predicates);
    side = filter;
    PushFiltersIntoJoins(side);  // the side may itself be a join
  };
  wrap(join.inputs[0], to_left);
  wrap(join.inputs[1], to_right);
  if (keep.empty()) {
    node = node->inputs[0];
    return;
  }
  node->predicate = *Conjunction(keep);
}

}  // namespace

arrow::Result<QueryPlan> OptimizePlan(QueryPlan plan) {
  if (plan.root == nullptr) return Error(ErrorCode::kInternal, "empty plan");
  Names all;
  for (const auto& field : plan.root->schema->fields()) all.insert(field->name());
  PushFiltersIntoJoins(plan.root);
  Prune(plan.root.get(), all);
  PushScanHints(plan.root.get());
  return plan;
}

}  // namespace warden::sql
