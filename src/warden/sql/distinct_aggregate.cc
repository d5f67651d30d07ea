// sum(DISTINCT x) and avg(DISTINCT x) as a two-level aggregate, since Acero has no
// distinct sum: the first level groups by the GROUP BY keys and x, the second by the keys
// alone, summing or averaging x once per distinct value. The other aggregates of the
// same SELECT are split into partials at the first level and combined at the second
// (count → sum of counts, avg → sum / count, min/max/bool_and/bool_or of partials);
// a final projection gives every aggregate its original output name and type.
#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/type_traits.h>

#include "warden/common/error.h"
#include "warden/sql/expression_binder_internal.h"

namespace warden::sql::internal {

namespace cp = arrow::compute;

namespace {

bool IsDistinctSumOrMean(const std::string& function) {
  return function == "sum_distinct" || function == "mean_distinct";
}

arrow::Status Unsupported(const std::string& what) {
  return Error(ErrorCode::kSqlUnsupported, what);
}

arrow::Result<std::shared_ptr<arrow::DataType>> SumType(
    const std::shared_ptr<arrow::DataType>& input) {
  ARROW_ASSIGN_OR_RAISE(auto empty, arrow::MakeEmptyArray(input));
  ARROW_ASSIGN_OR_RAISE(arrow::Datum sum, cp::CallFunction("sum", {empty}));
  return sum.type();
}

cp::Expression Cast(cp::Expression value, std::shared_ptr<arrow::DataType> type) {
  return cp::call("cast", {std::move(value)},
                  cp::CastOptions::Unsafe(std::move(type)));
}

}  // namespace

bool NeedsTwoLevelAggregate(const std::vector<CollectedAggregate>& aggregates) {
  for (const auto& aggregate : aggregates) {
    if (IsDistinctSumOrMean(aggregate.function)) return true;
  }
  return false;
}

arrow::Result<PlanPtr> TwoLevelAggregate(
    PlanPtr pre, const std::vector<std::string>& key_names,
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    const std::vector<CollectedAggregate>& aggregates, const std::vector<AggregateCall>& calls,
    NameGenerator& names) {
  // The distinct argument: every DISTINCT aggregate must take the same one.
  const CollectedAggregate* distinct = nullptr;
  std::string distinct_input;
  for (size_t i = 0; i < aggregates.size(); ++i) {
    const auto& aggregate = aggregates[i];
    if (!IsDistinctSumOrMean(aggregate.function) && aggregate.function != "count_distinct") {
      continue;
    }
    if (distinct == nullptr) {
      distinct = &aggregate;
      distinct_input = calls[i].input;
    } else if (!distinct->argument->expression.Equals(aggregate.argument->expression)) {
      return Unsupported("DISTINCT aggregates over different arguments in one SELECT");
    }
  }
  const std::shared_ptr<arrow::DataType> distinct_type = distinct->argument->type;

  // Level 1: group by the keys and the distinct argument; partials of the others.
  std::vector<std::string> level1_keys = key_names;
  level1_keys.push_back(distinct_input);
  arrow::FieldVector level1_fields;
  for (size_t i = 0; i < key_names.size(); ++i) {
    level1_fields.push_back(arrow::field(key_names[i], key_types[i]));
  }
  level1_fields.push_back(arrow::field(distinct_input, distinct_type));
  std::vector<AggregateCall> level1_calls;
  // Level 2: group by the keys; combine.
  std::vector<AggregateCall> level2_calls;
  arrow::FieldVector level2_fields(level1_fields.begin(), level1_fields.end() - 1);
  // The final projection: keys, then each aggregate under its output name.
  std::vector<cp::Expression> finals;
  for (const auto& key : key_names) finals.push_back(cp::field_ref(key));

  auto partial = [&](const std::string& function, const std::string& input,
                     std::shared_ptr<arrow::DataType> type) {
    const std::string output = names.Next();
    level1_calls.push_back({function, input, output});
    level1_fields.push_back(arrow::field(output, std::move(type)));
    return output;
  };
  auto combine = [&](const std::string& function, const std::string& input,
                     std::shared_ptr<arrow::DataType> type) {
    const std::string output = names.Next();
    level2_calls.push_back({function, input, output});
    level2_fields.push_back(arrow::field(output, std::move(type)));
    return cp::field_ref(output);
  };

  // The distinct argument as a double, computed between the levels when needed.
  std::string double_input;
  auto as_double = [&]() -> std::string {
    if (!arrow::is_decimal(distinct_type->id())) return distinct_input;
    if (double_input.empty()) double_input = names.Next();
    return double_input;
  };

  for (size_t i = 0; i < aggregates.size(); ++i) {
    const auto& aggregate = aggregates[i];
    const std::string& function = aggregate.function;
    const std::string& input = calls[i].input;
    const auto& type = aggregate.type;
    if (function == "sum_distinct") {
      finals.push_back(combine("sum", distinct_input, type));
    } else if (function == "mean_distinct") {
      // A decimal is averaged as a double (as DuckDB does; Arrow would round).
      finals.push_back(combine("mean", as_double(), type));
    } else if (function == "count_distinct") {
      finals.push_back(combine("count", distinct_input, type));
    } else if (function == "count" || function == "count_all") {
      // An empty input has no level-1 groups: the count is 0, not NULL.
      const std::string counts = partial(function, input, arrow::int64());
      finals.push_back(cp::call(
          "coalesce", {combine("sum", counts, arrow::int64()), cp::literal(int64_t{0})}));
    } else if (function == "sum") {
      finals.push_back(combine("sum", partial("sum", input, type), type));
    } else if (function == "min" || function == "max" || function == "all" ||
               function == "any") {
      finals.push_back(combine(function, partial(function, input, type), type));
    } else if (function == "mean") {
      const auto input_type = aggregate.argument->type;
      ARROW_ASSIGN_OR_RAISE(auto sum_type, SumType(input_type));
      const std::string sums = partial("sum", input, sum_type);
      const std::string counts = partial("count", input, arrow::int64());
      finals.push_back(cp::call(
          "divide", {Cast(combine("sum", sums, sum_type), arrow::float64()),
                     Cast(combine("sum", counts, arrow::int64()), arrow::float64())}));
    } else {
      return Unsupported("the aggregate " + function + "() together with sum/avg(DISTINCT)");
    }
  }

  PlanPtr level1 = MakeNode(PlanKind::kAggregate, {std::move(pre)}, arrow::schema(level1_fields));
  level1->group_keys = level1_keys;
  level1->aggregates = level1_calls;
  if (!double_input.empty()) {
    arrow::FieldVector fields = level1_fields;
    std::vector<cp::Expression> columns;
    for (const auto& field : level1_fields) columns.push_back(cp::field_ref(field->name()));
    fields.push_back(arrow::field(double_input, arrow::float64()));
    columns.push_back(Cast(cp::field_ref(distinct_input), arrow::float64()));
    level1 = MakeNode(PlanKind::kProject, {level1}, arrow::schema(fields));
    level1->expressions = std::move(columns);
  }
  PlanPtr level2 = MakeNode(PlanKind::kAggregate, {level1}, arrow::schema(level2_fields));
  level2->group_keys = key_names;
  level2->aggregates = level2_calls;

  arrow::FieldVector final_fields(level2_fields.begin(),
                                  level2_fields.begin() + static_cast<long>(key_names.size()));
  for (const auto& aggregate : aggregates) {
    final_fields.push_back(arrow::field(aggregate.output, aggregate.type));
  }
  PlanPtr project = MakeNode(PlanKind::kProject, {level2}, arrow::schema(final_fields));
  project->expressions = std::move(finals);
  return project;
}

}  // namespace warden::sql::internal
