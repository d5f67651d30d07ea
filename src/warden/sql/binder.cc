#include "warden/sql/binder.h"

#include <arrow/scalar.h>
#include <arrow/array/util.h>
#include <arrow/table.h>
#include <arrow/type.h>

#include <set>

#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"
#include "warden/sql/optimizer.h"
#include "warden/sql/query_parser.h"
#include "warden/sql/unnest_binder_internal.h"

namespace warden::sql {

namespace {

namespace cp = arrow::compute;
using internal::AggregateCollector;
using internal::BoundExpression;
using internal::ExpressionBinder;
using internal::Relation;
using internal::Scope;
using internal::ScopeColumn;

arrow::Status BindError(const std::string& message) {
  return Error(ErrorCode::kSqlBind, message);
}

/// A FROM item bound: its plan and the names its columns go by.
struct BoundRelation {
  PlanPtr plan;
  Scope scope;
};

/// A query bound: its plan, whose first `names.size()` fields are the visible columns
/// (any later ones are hidden ORDER BY columns, dropped at the end).
struct BoundQuery {
  PlanPtr plan;
  std::vector<std::string> names;
};

/// One output column of a SELECT while it is being built.
struct OutputColumn {
  std::string name;
  BoundExpression value;
};

std::shared_ptr<arrow::Schema> SchemaOf(const std::vector<std::string>& names,
                                        const std::vector<BoundExpression>& values) {
  arrow::FieldVector fields;
  for (size_t i = 0; i < names.size(); ++i) {
    fields.push_back(arrow::field(names[i], values[i].type));
  }
  return arrow::schema(std::move(fields));
}

PlanPtr Project(PlanPtr input, const std::vector<std::string>& names,
                const std::vector<BoundExpression>& values) {
  auto node = MakeNode(PlanKind::kProject, {std::move(input)}, SchemaOf(names, values));
  for (const auto& value : values) node->expressions.push_back(value.expression);
  return node;
}

PlanPtr FilterNode(PlanPtr input, cp::Expression predicate) {
  auto schema = input->schema;
  auto node = MakeNode(PlanKind::kFilter, {std::move(input)}, std::move(schema));
  node->predicate = std::move(predicate);
  return node;
}

BoundExpression FieldOf(const arrow::Field& field) {
  BoundExpression bound;
  bound.expression = cp::field_ref(field.name());
  bound.type = field.type();
  return bound;
}

/// Appends the first `count` fields of `schema` (all when negative), unchanged, to a
/// projection under construction.
void AppendPassThrough(const arrow::Schema& schema, std::vector<std::string>* fields,
                       std::vector<BoundExpression>* values, int count = -1) {
  if (count < 0) count = schema.num_fields();
  for (int i = 0; i < count; ++i) {
    fields->push_back(schema.field(i)->name());
    values->push_back(FieldOf(*schema.field(i)));
  }
}

bool AllIn(const std::set<std::string>& fields, const arrow::Schema& schema) {
  for (const auto& field : fields) {
    if (schema.GetFieldIndex(field) < 0) return false;
  }
  return true;
}

/// PostgreSQL's name for an unaliased select-list expression.
std::string DerivedName(const Expr& expr, const Scope& scope) {
  switch (expr.kind) {
    case ExprKind::kColumn: {
      auto column = scope.Resolve(expr.column);
      return column.ok() ? column->name : expr.column.back().text;
    }
    case ExprKind::kFunction:
      return expr.name;
    case ExprKind::kCast:
      return expr.args[0]->kind == ExprKind::kColumn ? DerivedName(*expr.args[0], scope)
                                                     : expr.name;
    case ExprKind::kCase:
      return "case";
    default:
      return "?column?";
  }
}

arrow::Result<std::optional<int64_t>> ConstantCount(const Expr* expr, const char* clause) {
  if (expr == nullptr) return std::nullopt;
  if (expr->kind == ExprKind::kLiteral) {
    if (std::holds_alternative<std::monostate>(expr->literal)) return std::nullopt;
    if (const auto* value = std::get_if<int64_t>(&expr->literal)) {
      if (*value < 0) return BindError(std::string(clause) + " must not be negative");
      return *value;
    }
  }
  return BindError(std::string(clause) + " must be a non-negative integer constant");
}

class QueryBinder {
 public:
  QueryBinder(TableProvider& provider, NameGenerator& names)
      : provider_(provider), names_(names) {}

  /// The query's plan and its output column names, unoptimized.
  arrow::Result<TableBinding> BindAsTable(const Query& query) {
    ARROW_ASSIGN_OR_RAISE(BoundQuery bound, BindQuery(query));
    return TableBinding{std::move(bound.plan), std::move(bound.names)};
  }

  arrow::Result<QueryPlan> Bind(const Query& query) {
    ARROW_ASSIGN_OR_RAISE(BoundQuery bound, BindQuery(query));
    QueryPlan plan;
    plan.root = bound.plan;
    arrow::FieldVector fields;
    for (size_t i = 0; i < bound.names.size(); ++i) {
      fields.push_back(bound.plan->schema->field(static_cast<int>(i))->WithName(bound.names[i]));
    }
    plan.output_schema = arrow::schema(std::move(fields));
    return plan;
  }

 private:
  struct CteFrame {
    const std::vector<CommonTableExpr>* ctes;
  };

  // --- queries ----------------------------------------------------------------------------

  arrow::Result<BoundQuery> BindQuery(const Query& query) {
    if (++depth_ > 64) return Error(ErrorCode::kSqlUnsupported, "queries nested this deep");
    if (!query.with.empty()) frames_.push_back({&query.with});
    auto result = BindQueryBody(query);
    if (!query.with.empty()) frames_.pop_back();
    --depth_;
    return result;
  }

  arrow::Result<BoundQuery> BindQueryBody(const Query& query) {
    BoundQuery bound;
    std::vector<SortKey> sort_keys;
    if (query.kind == Query::Kind::kUnion) {
      ARROW_ASSIGN_OR_RAISE(bound, BindUnion(query));
      ARROW_ASSIGN_OR_RAISE(sort_keys, OrderByOutputs(query.order_by, bound));
    } else {
      ARROW_ASSIGN_OR_RAISE(bound, BindSelect(query.select, query.order_by, &sort_keys));
    }
    if (!sort_keys.empty()) {
      auto schema = bound.plan->schema;
      bound.plan = MakeNode(PlanKind::kSort, {bound.plan}, std::move(schema));
      bound.plan->sort_keys = std::move(sort_keys);
    }
    ARROW_ASSIGN_OR_RAISE(std::optional<int64_t> limit, ConstantCount(query.limit.get(), "LIMIT"));
    ARROW_ASSIGN_OR_RAISE(std::optional<int64_t> offset,
                          ConstantCount(query.offset.get(), "OFFSET"));
    if (limit || offset.value_or(0) > 0) {
      auto schema = bound.plan->schema;
      bound.plan = MakeNode(PlanKind::kLimit, {bound.plan}, std::move(schema));
      bound.plan->count = limit;
      bound.plan->offset = offset.value_or(0);
    }
    if (bound.plan->schema->num_fields() > static_cast<int>(bound.names.size())) {
      std::vector<std::string> fields;
      std::vector<BoundExpression> values;
      AppendPassThrough(*bound.plan->schema, &fields, &values,
                        static_cast<int>(bound.names.size()));
      bound.plan = Project(bound.plan, fields, values);
    }
    return bound;
  }

  /// ORDER BY over a UNION: output names and ordinals only, as in PostgreSQL.
  arrow::Result<std::vector<SortKey>> OrderByOutputs(const std::vector<OrderItem>& items,
                                                     const BoundQuery& bound) {
    std::vector<SortKey> keys;
    for (const auto& item : items) {
      ARROW_ASSIGN_OR_RAISE(std::optional<int> index, OutputReference(*item.expr, bound.names));
      if (!index) {
        return Error(ErrorCode::kSqlUnsupported,
                     "ORDER BY on a UNION must name an output column or its position");
      }
      keys.push_back(MakeSortKey(bound.plan->schema->field(*index)->name(), item));
    }
    return keys;
  }

  static SortKey MakeSortKey(std::string column, const OrderItem& item) {
    SortKey key;
    key.column = std::move(column);
    key.descending = item.descending;
    // PostgreSQL: NULLs sort as larger than any value unless told otherwise.
    key.nulls_first = item.nulls_first.value_or(item.descending);
    return key;
  }

  /// An ORDER BY/GROUP BY item that is a position (1-based) or a bare output name.
  arrow::Result<std::optional<int>> OutputReference(const Expr& expr,
                                                    const std::vector<std::string>& names) {
    if (expr.kind == ExprKind::kLiteral) {
      if (const auto* position = std::get_if<int64_t>(&expr.literal)) {
        if (*position < 1 || *position > static_cast<int64_t>(names.size())) {
          return BindError("position " + std::to_string(*position) +
                           " is not in select list");
        }
        return static_cast<int>(*position - 1);
      }
    }
    if (expr.kind == ExprKind::kColumn && expr.column.size() == 1) {
      for (size_t i = 0; i < names.size(); ++i) {
        if (internal::NameMatches(expr.column[0], names[i])) return static_cast<int>(i);
      }
    }
    return std::nullopt;
  }

  arrow::Result<BoundQuery> BindUnion(const Query& query) {
    ARROW_ASSIGN_OR_RAISE(BoundQuery left, BindQuery(*query.left));
    ARROW_ASSIGN_OR_RAISE(BoundQuery right, BindQuery(*query.right));
    if (left.names.size() != right.names.size()) {
      return BindError("each UNION query must have the same number of columns");
    }
    std::vector<std::string> names;
    std::vector<std::shared_ptr<arrow::DataType>> types;
    for (size_t i = 0; i < left.names.size(); ++i) {
      ARROW_ASSIGN_OR_RAISE(auto type,
                            internal::CommonType(left.plan->schema->field(i)->type(),
                                                 right.plan->schema->field(i)->type(), "UNION"));
      if (type->id() == arrow::Type::NA) type = arrow::utf8();
      types.push_back(type);
      names.push_back(names_.Next());
    }
    std::vector<PlanPtr> inputs;
    for (BoundQuery* side : {&left, &right}) {
      std::vector<BoundExpression> values;
      for (size_t i = 0; i < types.size(); ++i) {
        ARROW_ASSIGN_OR_RAISE(BoundExpression value,
                              internal::CoerceTo(FieldOf(*side->plan->schema->field(i)), types[i]));
        values.push_back(std::move(value));
      }
      inputs.push_back(Project(side->plan, names, values));
    }
    auto schema = inputs[0]->schema;
    PlanPtr plan = MakeNode(PlanKind::kUnion, std::move(inputs), schema);
    if (!query.union_all) plan = Distinct(plan);
    return BoundQuery{plan, left.names};
  }

  static PlanPtr Distinct(PlanPtr input) {
    auto schema = input->schema;
    bool has_float = false;
    for (const auto& field : schema->fields()) has_float |= arrow::is_floating(field->type()->id());
    if (has_float) {
      // -0.0 and 0.0 are one value in PostgreSQL, two bit patterns to a hash.
      std::vector<std::string> names;
      std::vector<BoundExpression> values;
      for (const auto& field : schema->fields()) {
        BoundExpression value;
        value.expression = cp::field_ref(field->name());
        value.type = field->type();
        names.push_back(field->name());
        values.push_back(internal::WithoutNegativeZero(std::move(value)));
      }
      input = Project(input, names, values);
    }
    auto node = MakeNode(PlanKind::kAggregate, {std::move(input)}, schema);
    for (const auto& field : schema->fields()) node->group_keys.push_back(field->name());
    return node;
  }

  // --- SELECT -----------------------------------------------------------------------------

  arrow::Result<BoundQuery> BindSelect(const SelectCore& core,
                                       const std::vector<OrderItem>& order_by,
                                       std::vector<SortKey>* sort_keys) {
    ARROW_ASSIGN_OR_RAISE(BoundRelation from, BindFromList(core.from));
    PlanPtr plan = from.plan;
    const Scope& scope = from.scope;
    if (core.where != nullptr) {
      ARROW_ASSIGN_OR_RAISE(BoundExpression where,
                            ExpressionBinder(scope, nullptr, "WHERE").BindPredicate(*core.where));
      plan = FilterNode(plan, where.expression);
    }

    bool aggregating = !core.group_by.empty() ||
                       (core.having && ExpressionBinder::ContainsAggregate(*core.having));
    for (const auto& item : core.items) {
      if (item.expr && ExpressionBinder::ContainsAggregate(*item.expr)) aggregating = true;
    }
    for (const auto& item : order_by) {
      if (ExpressionBinder::ContainsAggregate(*item.expr)) aggregating = true;
    }

    AggregateCollector collector(names_);
    ExpressionBinder binder(scope, aggregating ? &collector : nullptr, "the select list");

    // The select list, stars expanded.
    std::optional<int> unnest_index;  // the output that is unnest(list), if any
    std::vector<OutputColumn> outputs;
    std::vector<const Expr*> output_exprs;  // null for star columns
    for (const auto& item : core.items) {
      if (item.star) {
        ARROW_ASSIGN_OR_RAISE(std::vector<ScopeColumn> columns, scope.Star(item.star_qualifier));
        for (const auto& column : columns) {
          BoundExpression value;
          value.expression = cp::field_ref(column.field);
          value.type = column.type;
          outputs.push_back({column.name, value});
          output_exprs.push_back(nullptr);
        }
        continue;
      }
      // unnest(list) as a whole item: the list is computed here and expanded by an
      // Unnest node over the select list's Project (PostgreSQL's ProjectSet).
      const bool unnest = internal::IsUnnestCall(*item.expr);
      if (unnest) {
        if (unnest_index) {
          return Error(ErrorCode::kSqlUnsupported,
                       "more than one unnest() in a select list is not supported yet");
        }
        if (item.expr->args.size() != 1) {
          return Error(ErrorCode::kSqlUnsupported, "unnest() of other than one list");
        }
        unnest_index = static_cast<int>(outputs.size());
      }
      ARROW_ASSIGN_OR_RAISE(BoundExpression value,
                            binder.Bind(unnest ? *item.expr->args[0] : *item.expr));
      outputs.push_back({item.alias ? *item.alias : DerivedName(*item.expr, scope), value});
      output_exprs.push_back(item.expr.get());
    }
    std::vector<std::string> visible_names;
    for (const auto& output : outputs) visible_names.push_back(output.name);

    // GROUP BY keys: expressions over the input, or select-list positions and names.
    std::vector<BoundExpression> keys;
    for (const auto& key : core.group_by) {
      ARROW_ASSIGN_OR_RAISE(std::optional<int> reference, GroupReference(*key, scope, visible_names));
      const Expr* expr = key.get();
      if (reference) {
        if (reference == unnest_index) {
          return internal::UnsupportedError("unnest() in GROUP BY");
        }
        expr = output_exprs[*reference];
        if (expr == nullptr) {
          keys.push_back(outputs[*reference].value);
          continue;
        }
        if (ExpressionBinder::ContainsAggregate(*expr)) {
          return BindError("aggregate functions are not allowed in GROUP BY");
        }
      }
      ARROW_ASSIGN_OR_RAISE(BoundExpression bound,
                            ExpressionBinder(scope, nullptr, "GROUP BY").Bind(*expr));
      keys.push_back(std::move(bound));
    }

    std::optional<BoundExpression> having;
    if (core.having != nullptr) {
      if (!aggregating) aggregating = true;
      ExpressionBinder having_binder(scope, &collector, "HAVING");
      ARROW_ASSIGN_OR_RAISE(having, having_binder.BindPredicate(*core.having));
    }

    // ORDER BY: output positions and names first, then expressions (hidden if needed).
    std::vector<OutputColumn> hidden;
    std::vector<std::pair<int, const OrderItem*>> order_refs;  // index into outputs+hidden
    for (const auto& item : order_by) {
      ARROW_ASSIGN_OR_RAISE(std::optional<int> reference, OutputReference(*item.expr, visible_names));
      if (reference) {
        order_refs.push_back({*reference, &item});
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(BoundExpression value, binder.Bind(*item.expr));
      int index = -1;
      for (size_t i = 0; i < outputs.size(); ++i) {
        // The unnest output holds the list until the Unnest node: it is not the list.
        if (static_cast<int>(i) == unnest_index) continue;
        if (outputs[i].value.expression.Equals(value.expression)) {
          index = static_cast<int>(i);
          break;
        }
      }
      if (index < 0) {
        if (core.distinct) {
          return BindError("for SELECT DISTINCT, ORDER BY expressions must appear in select list");
        }
        index = static_cast<int>(outputs.size() + hidden.size());
        hidden.push_back({"", std::move(value)});
      }
      order_refs.push_back({index, &item});
    }

    std::vector<OutputColumn> all = outputs;
    all.insert(all.end(), hidden.begin(), hidden.end());
    if (aggregating) {
      ARROW_ASSIGN_OR_RAISE(plan, Aggregate(plan, scope, keys, collector, &all, &having));
    }
    if (having) plan = FilterNode(plan, having->expression);

    std::vector<std::string> fields;
    std::vector<BoundExpression> values;
    for (auto& column : all) {
      fields.push_back(names_.Next());
      values.push_back(column.value);
    }
    plan = Project(plan, fields, values);
    if (unnest_index) {
      std::string element = names_.Next();
      ARROW_ASSIGN_OR_RAISE(plan, MakeUnnestNode(plan, fields[*unnest_index], element));
      fields[*unnest_index] = std::move(element);
    }
    if (core.distinct) plan = Distinct(plan);
    for (const auto& [index, item] : order_refs) {
      sort_keys->push_back(MakeSortKey(fields[index], *item));
    }
    return BoundQuery{plan, visible_names};
  }

  /// A GROUP BY item that is a select-list position, or a bare name that is not an input
  /// column but is an output name (PostgreSQL's rule).
  arrow::Result<std::optional<int>> GroupReference(const Expr& expr, const Scope& scope,
                                                   const std::vector<std::string>& names) {
    if (expr.kind == ExprKind::kLiteral) return OutputReference(expr, names);
    if (expr.kind == ExprKind::kColumn && expr.column.size() == 1 &&
        !scope.Resolve(expr.column).ok()) {
      return OutputReference(expr, names);
    }
    return std::nullopt;
  }

  /// Adds Project (keys and aggregate arguments) → Aggregate under `plan`, and rewrites
  /// the output expressions to read the aggregate's results.
  arrow::Result<PlanPtr> Aggregate(PlanPtr plan, const Scope& scope,
                                   const std::vector<BoundExpression>& keys,
                                   const AggregateCollector& collector,
                                   std::vector<OutputColumn>* outputs,
                                   std::optional<BoundExpression>* having) {
    std::vector<std::string> pre_names;
    std::vector<BoundExpression> pre_values;
    std::vector<std::string> key_names;
    for (const auto& key : keys) {
      key_names.push_back(names_.Next());
      pre_names.push_back(key_names.back());
      pre_values.push_back(internal::WithoutNegativeZero(key));
    }
    std::vector<AggregateCall> calls;
    arrow::FieldVector agg_fields;
    for (const auto& aggregate : collector.aggregates()) {
      AggregateCall call{aggregate.function, "", aggregate.output};
      if (aggregate.argument) {
        call.input = names_.Next();
        pre_names.push_back(call.input);
        pre_values.push_back(*aggregate.argument);
      }
      calls.push_back(call);
      agg_fields.push_back(arrow::field(aggregate.output, aggregate.type));
    }
    if (pre_values.empty()) {
      // count(*) alone still needs rows to count: keep one cheap column.
      pre_names.push_back(names_.Next());
      pre_values.push_back(internal::Constant(std::make_shared<arrow::BooleanScalar>(true)));
    }
    PlanPtr pre = Project(plan, pre_names, pre_values);
    PlanPtr node;
    if (internal::NeedsTwoLevelAggregate(collector.aggregates())) {
      std::vector<std::shared_ptr<arrow::DataType>> key_types;
      for (const auto& key : keys) key_types.push_back(key.type);
      ARROW_ASSIGN_OR_RAISE(node, internal::TwoLevelAggregate(pre, key_names, key_types,
                                                              collector.aggregates(), calls,
                                                              names_));
    } else {
      arrow::FieldVector fields;
      for (size_t i = 0; i < keys.size(); ++i) {
        fields.push_back(arrow::field(key_names[i], keys[i].type));
      }
      fields.insert(fields.end(), agg_fields.begin(), agg_fields.end());
      node = MakeNode(PlanKind::kAggregate, {pre}, arrow::schema(fields));
      node->group_keys = key_names;
      node->aggregates = calls;
    }

    const auto substitute = [&](const cp::Expression& expr) {
      return SubstituteKeys(expr, keys, key_names, collector, scope);
    };
    for (auto& output : *outputs) {
      ARROW_ASSIGN_OR_RAISE(output.value.expression, substitute(output.value.expression));
    }
    if (*having) {
      ARROW_ASSIGN_OR_RAISE((*having)->expression, substitute((*having)->expression));
    }
    return node;
  }

  arrow::Result<cp::Expression> SubstituteKeys(const cp::Expression& expr,
                                               const std::vector<BoundExpression>& keys,
                                               const std::vector<std::string>& key_names,
                                               const AggregateCollector& collector,
                                               const Scope& scope) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (expr.Equals(keys[i].expression)) return cp::field_ref(key_names[i]);
    }
    if (const auto* ref = expr.field_ref()) {
      if (ref->name() && collector.IsOutput(*ref->name())) return expr;
      const std::string field = ref->name() ? *ref->name() : "?";
      std::string shown = field;  // the user's name for the internal field
      for (const auto& relation : scope.relations()) {
        for (const auto& column : relation.columns) {
          if (column.field == field) shown = column.name;
        }
      }
      return BindError("column \"" + shown +
                       "\" must appear in the GROUP BY clause or be used in an aggregate "
                       "function");
    }
    if (const auto* call = expr.call()) {
      std::vector<cp::Expression> args;
      for (const auto& arg : call->arguments) {
        ARROW_ASSIGN_OR_RAISE(cp::Expression substituted,
                              SubstituteKeys(arg, keys, key_names, collector, scope));
        args.push_back(std::move(substituted));
      }
      return cp::call(call->function_name, std::move(args), call->options);
    }
    return expr;
  }

  // --- FROM -------------------------------------------------------------------------------

  arrow::Result<BoundRelation> BindFromList(const std::vector<FromItem>& items) {
    if (items.empty()) {
      // SELECT without FROM reads one row of nothing.
      auto schema = arrow::schema({arrow::field(names_.Next(), arrow::boolean())});
      ARROW_ASSIGN_OR_RAISE(auto column, arrow::MakeArrayFromScalar(arrow::BooleanScalar(true), 1));
      auto node = MakeNode(PlanKind::kValues, {}, schema);
      node->values = arrow::Table::Make(schema, arrow::ArrayVector{column}, 1);
      return BoundRelation{node, Scope()};
    }
    ARROW_ASSIGN_OR_RAISE(BoundRelation result, BindFromItem(items[0]));
    for (size_t i = 1; i < items.size(); ++i) {
      if (items[i].kind == FromItem::Kind::kUnnest) {
        ARROW_ASSIGN_OR_RAISE(result, LateralUnnest(std::move(result), items[i]));
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(BoundRelation next, BindFromItem(items[i]));
      result = CrossJoin(std::move(result), std::move(next));
    }
    return result;
  }

  arrow::Result<BoundRelation> LateralUnnest(BoundRelation left, const FromItem& item) {
    ARROW_ASSIGN_OR_RAISE(auto bound, internal::BindLateralUnnest(
                                          std::move(left.plan), std::move(left.scope), item,
                                          names_));
    return BoundRelation{std::move(bound.first), std::move(bound.second)};
  }

  static BoundRelation CrossJoin(BoundRelation left, BoundRelation right) {
    arrow::FieldVector fields = left.plan->schema->fields();
    for (const auto& field : right.plan->schema->fields()) fields.push_back(field);
    BoundRelation joined;
    joined.plan = MakeNode(PlanKind::kJoin, {left.plan, right.plan}, arrow::schema(fields));
    joined.scope = left.scope;
    joined.scope.Append(right.scope);
    return joined;
  }

  arrow::Result<BoundRelation> BindFromItem(const FromItem& item) {
    switch (item.kind) {
      case FromItem::Kind::kTable:
        return BindTableItem(item);
      case FromItem::Kind::kSubquery: {
        ARROW_ASSIGN_OR_RAISE(BoundQuery query, BindQuery(*item.subquery));
        return RelationOf(query, std::nullopt, item.alias, item.column_aliases);
      }
      case FromItem::Kind::kJoin:
        return BindJoin(item);
      case FromItem::Kind::kUnnest:
        // Its list reads the FROM items before it: there must be some.
        return internal::UnsupportedError(
            "unnest() in FROM other than after a table (FROM t, unnest(t.col) AS u(x))");
    }
    return Error(ErrorCode::kInternal, "unknown FROM item");
  }

  arrow::Result<BoundRelation> RelationOf(const BoundQuery& query,
                                          std::optional<QualifiedName> table,
                                          std::optional<std::string> alias,
                                          const std::vector<std::string>& column_aliases) {
    if (column_aliases.size() > query.names.size()) {
      return BindError("table \"" + alias.value_or("?") + "\" has " +
                       std::to_string(query.names.size()) + " columns available but " +
                       std::to_string(column_aliases.size()) + " columns specified");
    }
    Relation relation;
    relation.table = std::move(table);
    relation.alias = std::move(alias);
    for (size_t i = 0; i < query.names.size(); ++i) {
      const auto& field = query.plan->schema->field(static_cast<int>(i));
      relation.columns.push_back(
          {i < column_aliases.size() ? column_aliases[i] : query.names[i], field->name(),
           field->type()});
    }
    return BoundRelation{query.plan, Scope({std::move(relation)})};
  }

  const CommonTableExpr* FindCte(const std::string& name) {
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
      for (const auto& cte : *frame->ctes) {
        if (cte.name == name) return &cte;
      }
    }
    return nullptr;
  }

  arrow::Result<BoundRelation> BindTableItem(const FromItem& item) {
    if (item.name.size() == 1) {
      if (const CommonTableExpr* cte = FindCte(item.name[0].text)) {
        if (!binding_ctes_.insert(cte).second) {
          return Error(ErrorCode::kSqlUnsupported,
                       "recursive reference to query \"" + cte->name + "\"");
        }
        auto query = BindQuery(*cte->query);
        binding_ctes_.erase(cte);
        ARROW_RETURN_NOT_OK(query.status());
        std::vector<std::string> aliases = item.column_aliases;
        if (aliases.empty()) aliases = cte->column_aliases;
        return RelationOf(*query, std::nullopt, item.alias.value_or(cte->name), aliases);
      }
      return BindError("table name \"" + item.name[0].text +
                       "\" must be qualified as database.table");
    }
    if (item.name.size() != 2) {
      return BindError("table name \"" + JoinIdentifiers(item.name) +
                       "\" has too many parts: expected database.table");
    }
    QualifiedName name{item.name[0].text, item.name[1].text};
    ARROW_ASSIGN_OR_RAISE(TableBinding table, provider_.BindTable(name, names_));
    if (table.plan == nullptr ||
        table.plan->schema->num_fields() != static_cast<int>(table.column_names.size())) {
      return Error(ErrorCode::kInternal, "provider returned a malformed table plan");
    }
    return RelationOf(BoundQuery{table.plan, table.column_names}, name, item.alias,
                      item.column_aliases);
  }

  arrow::Result<BoundRelation> BindJoin(const FromItem& item) {
    if (item.right->kind == FromItem::Kind::kUnnest) {
      if (item.join_type != JoinType::kCross) {
        return internal::UnsupportedError("unnest() in FROM joined other than by CROSS JOIN");
      }
      ARROW_ASSIGN_OR_RAISE(BoundRelation left, BindFromItem(*item.left));
      return LateralUnnest(std::move(left), *item.right);
    }
    ARROW_ASSIGN_OR_RAISE(BoundRelation left, BindFromItem(*item.left));
    ARROW_ASSIGN_OR_RAISE(BoundRelation right, BindFromItem(*item.right));
    BoundRelation joined = CrossJoin(left, right);
    PlanNode& join = *joined.plan;
    join.join_type = item.join_type == JoinType::kLeft    ? PlanJoinType::kLeft
                     : item.join_type == JoinType::kRight ? PlanJoinType::kRight
                     : item.join_type == JoinType::kFull  ? PlanJoinType::kFull
                                                          : PlanJoinType::kInner;
    std::vector<std::pair<BoundExpression, BoundExpression>> equalities;
    std::vector<cp::Expression> residual;
    if (!item.using_columns.empty()) {
      ARROW_RETURN_NOT_OK(BindUsing(item, left, right, &equalities));
    } else if (item.on != nullptr) {
      ARROW_ASSIGN_OR_RAISE(BoundExpression on,
                            ExpressionBinder(joined.scope, nullptr, "JOIN conditions")
                                .BindPredicate(*item.on));
      std::vector<cp::Expression> parts;
      SplitConjuncts(on.expression, &parts);
      for (auto& part : parts) {
        if (!SplitEquality(part, *left.plan->schema, *right.plan->schema, &equalities)) {
          residual.push_back(part);
        }
      }
    }
    ARROW_RETURN_NOT_OK(AddJoinKeys(&joined, equalities));
    joined.plan->residual = Conjunction(residual);
    if (!item.using_columns.empty()) ARROW_RETURN_NOT_OK(MergeUsingColumns(item, &joined));
    return joined;
  }

  /// `part` is `l = r` with l over the left input only and r over the right only (or the
  /// other way round): a hash-join key.
  bool SplitEquality(const cp::Expression& part, const arrow::Schema& left,
                     const arrow::Schema& right,
                     std::vector<std::pair<BoundExpression, BoundExpression>>* out) {
    const auto* call = part.call();
    if (call == nullptr || call->function_name != "equal" || call->arguments.size() != 2) {
      return false;
    }
    std::set<std::string> a, b;
    CollectFieldNames(call->arguments[0], &a);
    CollectFieldNames(call->arguments[1], &b);
    if (a.empty() || b.empty()) return false;
    const cp::Expression* l = nullptr;
    const cp::Expression* r = nullptr;
    if (AllIn(a, left) && AllIn(b, right)) {
      l = &call->arguments[0], r = &call->arguments[1];
    } else if (AllIn(b, left) && AllIn(a, right)) {
      l = &call->arguments[1], r = &call->arguments[0];
    } else {
      return false;
    }
    auto left_type = TypeIn(*l, left);
    auto right_type = TypeIn(*r, right);
    if (!left_type.ok() || !right_type.ok()) return false;
    BoundExpression lb, rb;
    lb.expression = *l, lb.type = *left_type;
    rb.expression = *r, rb.type = *right_type;
    out->push_back({lb, rb});
    return true;
  }

  static arrow::Result<std::shared_ptr<arrow::DataType>> TypeIn(const cp::Expression& expr,
                                                                const arrow::Schema& schema) {
    ARROW_ASSIGN_OR_RAISE(cp::Expression bound, expr.Bind(schema));
    return bound.type()->GetSharedPtr();
  }

  /// Makes each key pair plain columns of one type on both sides, projecting computed or
  /// cast keys below the join.
  arrow::Status AddJoinKeys(BoundRelation* joined,
                            const std::vector<std::pair<BoundExpression, BoundExpression>>& pairs) {
    if (pairs.empty()) return arrow::Status::OK();
    PlanNode& join = *joined->plan;
    std::vector<BoundExpression> left_keys, right_keys;
    for (const auto& [l, r] : pairs) {
      ARROW_ASSIGN_OR_RAISE(auto type, internal::CommonType(l.type, r.type, "JOIN"));
      ARROW_ASSIGN_OR_RAISE(BoundExpression lk, internal::CoerceTo(l, type));
      ARROW_ASSIGN_OR_RAISE(BoundExpression rk, internal::CoerceTo(r, type));
      left_keys.push_back(std::move(lk));
      right_keys.push_back(std::move(rk));
    }
    const auto key_columns = [&](PlanPtr& side, const std::vector<BoundExpression>& keys,
                                 std::vector<std::string>* names) {
      std::vector<std::string> fields;
      std::vector<BoundExpression> values;
      bool computed = false;
      AppendPassThrough(*side->schema, &fields, &values);
      for (const auto& key : keys) {
        const auto* ref = key.expression.field_ref();
        if (ref != nullptr && ref->name()) {
          names->push_back(*ref->name());
          continue;
        }
        names->push_back(names_.Next());
        fields.push_back(names->back());
        values.push_back(key);
        computed = true;
      }
      if (computed) side = Project(side, fields, values);
    };
    key_columns(join.inputs[0], left_keys, &join.left_keys);
    key_columns(join.inputs[1], right_keys, &join.right_keys);
    arrow::FieldVector fields = join.inputs[0]->schema->fields();
    for (const auto& field : join.inputs[1]->schema->fields()) fields.push_back(field);
    join.schema = arrow::schema(fields);
    return arrow::Status::OK();
  }

  arrow::Status BindUsing(const FromItem& item, const BoundRelation& left,
                          const BoundRelation& right,
                          std::vector<std::pair<BoundExpression, BoundExpression>>* pairs) {
    for (const auto& name : item.using_columns) {
      const std::vector<Identifier> id = {Identifier{name, true}};
      auto l = left.scope.Resolve(id);
      auto r = right.scope.Resolve(id);
      if (!l.ok() || !r.ok()) {
        return BindError("column \"" + name + "\" specified in USING clause does not exist in " +
                         (l.ok() ? "right" : "left") + " table");
      }
      BoundExpression lb, rb;
      lb.expression = cp::field_ref(l->field), lb.type = l->type;
      rb.expression = cp::field_ref(r->field), rb.type = r->type;
      pairs->push_back({lb, rb});
    }
    return arrow::Status::OK();
  }

  /// USING (c): one column c stands for both sides' c (for FULL joins, whichever is set).
  arrow::Status MergeUsingColumns(const FromItem& item, BoundRelation* joined) {
    std::vector<std::string> fields;
    std::vector<BoundExpression> values;
    AppendPassThrough(*joined->plan->schema, &fields, &values);
    Relation merged;
    for (const auto& name : item.using_columns) {
      const std::vector<Identifier> id = {Identifier{name, true}};
      ScopeColumn l, r;
      bool have_l = false, have_r = false;
      for (auto& relation : joined->scope.mutable_relations()) {
        for (auto& column : relation.columns) {
          if (column.merged_away || !internal::NameMatches(id[0], column.name)) continue;
          const bool is_left = joined->plan->inputs[0]->schema->GetFieldIndex(column.field) >= 0;
          if (is_left && !have_l) l = column, have_l = true;
          if (!is_left && !have_r) r = column, have_r = true;
          column.merged_away = true;
        }
      }
      // Both sides as the common type: the merged column must have the type it is
      // declared with, or joins and unions above it meet mismatched Arrow types.
      ARROW_ASSIGN_OR_RAISE(auto common, internal::CommonType(l.type, r.type, "USING"));
      const auto as_common = [&](const ScopeColumn& column) {
        return internal::CoerceTo(FieldOf(*arrow::field(column.field, column.type)), common);
      };
      ARROW_ASSIGN_OR_RAISE(BoundExpression left_value, as_common(l));
      ARROW_ASSIGN_OR_RAISE(BoundExpression right_value, as_common(r));
      BoundExpression value;
      switch (joined->plan->join_type) {
        case PlanJoinType::kRight:
          value = right_value;
          break;
        case PlanJoinType::kFull:
          value.expression =
              cp::call("coalesce", {left_value.expression, right_value.expression});
          value.type = common;
          break;
        default:
          value = left_value;
          break;
      }
      fields.push_back(names_.Next());
      values.push_back(value);
      merged.columns.push_back({l.name, fields.back(), value.type});
    }
    joined->plan = Project(joined->plan, fields, values);
    auto& relations = joined->scope.mutable_relations();
    relations.insert(relations.begin(), std::move(merged));
    return arrow::Status::OK();
  }

  TableProvider& provider_;
  NameGenerator& names_;
  std::vector<CteFrame> frames_;
  std::set<const CommonTableExpr*> binding_ctes_;
  int depth_ = 0;
};

}  // namespace

arrow::Result<QueryPlan> PlanQuery(std::string_view sql, TableProvider& provider) {
  ARROW_RETURN_NOT_OK(InitializeArrowCompute());
  ARROW_ASSIGN_OR_RAISE(QueryPtr query, ParseQuery(sql));
  NameGenerator names;
  ARROW_ASSIGN_OR_RAISE(QueryPlan plan, QueryBinder(provider, names).Bind(*query));
  return OptimizePlan(std::move(plan));
}

arrow::Result<TableBinding> BindViewQuery(std::string_view sql, TableProvider& provider,
                                          NameGenerator& names) {
  ARROW_ASSIGN_OR_RAISE(QueryPtr query, ParseQuery(sql));
  return QueryBinder(provider, names).BindAsTable(*query);
}

arrow::Result<std::shared_ptr<arrow::Schema>> QueryOutputSchema(std::string_view sql,
                                                                 TableProvider& provider) {
  ARROW_ASSIGN_OR_RAISE(QueryPlan plan, PlanQuery(sql, provider));
  return plan.output_schema;
}

}  // namespace warden::sql
