#include "warden/exec/engine_test_harness.h"

#include <arrow/api.h>
#include <arrow/compute/expression.h>
#include <arrow/json/from_string.h>

#include <algorithm>

#include "warden/common/compute_init.h"
#include "warden/exec/executor.h"
#include "warden/exec/fragment.h"

namespace warden::exec::testing {

const std::string kLongName(70, 'k');

std::shared_ptr<arrow::Table> MakeTable(const std::shared_ptr<arrow::Schema>& schema,
                                        const std::vector<std::string>& columns) {
  arrow::ArrayVector arrays;
  for (int i = 0; i < schema->num_fields(); ++i) {
    arrays.push_back(
        arrow::json::ArrayFromJSONString(schema->field(i)->type(), columns[i])
            .ValueOrDie());
  }
  const int64_t rows = arrays.empty() ? 0 : arrays[0]->length();
  auto batch = arrow::RecordBatch::Make(schema, rows, arrays);
  arrow::RecordBatchVector batches;
  for (int64_t offset = 0; offset < rows; offset += 2)
    batches.push_back(batch->Slice(offset, 2));
  return arrow::Table::FromRecordBatches(schema, batches).ValueOrDie();
}

std::shared_ptr<arrow::Schema> OrdersSchema() {
  return arrow::schema({
      arrow::field("id", arrow::int64(), /*nullable=*/false),
      arrow::field("Customer", arrow::utf8()),
      arrow::field("amount", arrow::float64()),
      arrow::field("qty", arrow::int32()),
      arrow::field("order_date", arrow::date32()),
      arrow::field("created_at", arrow::timestamp(arrow::TimeUnit::MICRO)),
      arrow::field("created_utc", arrow::timestamp(arrow::TimeUnit::MICRO, "UTC")),
      arrow::field("shipped", arrow::boolean()),
      arrow::field("note", arrow::utf8()),
  });
}

namespace {

/// Five orders. Dates are days since 1970-01-01 (19723 = 2024-01-01, a Monday).
std::shared_ptr<arrow::Table> Orders() {
  return MakeTable(
      OrdersSchema(),
      {
          "[1, 2, 3, 4, 5]",
          R"(["Alice", "bob", "ALICE", null, "carol"])",
          "[10.5, 20.0, 30.25, null, 5.0]",
          "[1, 2, 3, 4, null]",
          "[19723, 19724, 19725, null, 19730]",
          R"(["2024-01-01 09:00:00", "2024-01-01 13:00:00", "2024-01-02 00:00:00",
                           null, "2024-01-05 23:59:59"])",
          R"(["2024-01-01 09:00:00", "2024-01-01 13:00:00", "2024-01-02 00:00:00",
                           null, "2024-01-05 23:59:59"])",
          "[true, false, null, true, false]",
          R"(["x", null, "y", "x", "50%"])",
      });
}

}  // namespace

FakeProvider::FakeProvider() {
  Add("sales.orders", Orders());
  Add("sales.dupes", MakeTable(arrow::schema({arrow::field("Name", arrow::utf8()),
                                              arrow::field("name", arrow::utf8())}),
                               {R"(["A"])", R"(["a"])"}));
  Add("sales.odd", MakeTable(arrow::schema({arrow::field("year", arrow::int32()),
                                            arrow::field(kLongName, arrow::int32()),
                                            arrow::field("Quoted Col", arrow::utf8())}),
                             {"[1, 2, 3]", "[2, 5, 0]", R"(["q1", "q2", "q3"])"}));
  // Customer ids are int32 where order ids are int64; one customer has no id.
  Add("sales.customers",
      MakeTable(arrow::schema({arrow::field("id", arrow::int32()),
                               arrow::field("name", arrow::utf8()),
                               arrow::field("region", arrow::utf8())}),
                {"[1, 2, 3, null]", R"(["Alice", "bob", "dave", "nobody"])",
                 R"(["north", "south", "east", null])"}));
  Add("sales.regions",
      MakeTable(arrow::schema({arrow::field("region", arrow::utf8()),
                               arrow::field("manager", arrow::utf8()),
                               arrow::field("code", arrow::int16())}),
                {R"(["north", "south", "central", null])",
                 R"(["Nina", "Sam", "Cat", "Nobody"])", "[1, 2, 3, 4]"}));
  // Types a query meets in Parquet files more than in SQL: decimal and unsigned.
  Add("sales.measures",
      MakeTable(arrow::schema({arrow::field("id", arrow::int64()),
                               arrow::field("d", arrow::decimal128(10, 2)),
                               arrow::field("u", arrow::uint32())}),
                {"[1, 2, 3]", R"(["1.25", "2.50", null])", "[1, 4000000000, 3]"}));
  Add("sales.empty", MakeTable(arrow::schema({arrow::field("k", arrow::int32()),
                                              arrow::field("v", arrow::float64())}),
                               {"[]", "[]"}));
}

void FakeProvider::Add(const std::string& name, std::shared_ptr<arrow::Table> table) {
  tables_[name] = std::move(table);
}

void FakeProvider::Hide(const std::string& table, const std::string& column) {
  hidden_[table].push_back(column);
}

arrow::Result<sql::TableBinding> FakeProvider::BindTable(const sql::QualifiedName& table,
                                                         sql::NameGenerator& names) {
  requested.push_back(table);
  auto it = tables_.find(table.ToString());
  if (it == tables_.end()) {
    return Error(ErrorCode::kCatalogNotFound, "table " + table.ToString() + " not found");
  }
  const arrow::Table& data = *it->second;
  arrow::FieldVector fields;
  for (const auto& field : data.schema()->fields()) {
    fields.push_back(field->WithName(names.Next()));
  }
  auto schema = arrow::schema(std::move(fields));
  sql::TableBinding binding;
  binding.plan = sql::MakeNode(sql::PlanKind::kValues, {}, schema);
  binding.plan->values = arrow::Table::Make(schema, data.columns(), data.num_rows());
  const auto& hidden = hidden_[table.ToString()];
  if (hidden.empty()) {
    for (const auto& field : data.schema()->fields()) {
      binding.column_names.push_back(field->name());
    }
    return binding;
  }
  auto project = sql::MakeNode(sql::PlanKind::kProject, {binding.plan}, nullptr);
  arrow::FieldVector visible;
  for (int i = 0; i < schema->num_fields(); ++i) {
    const std::string& name = data.schema()->field(i)->name();
    if (std::find(hidden.begin(), hidden.end(), name) != hidden.end()) continue;
    project->expressions.push_back(arrow::compute::field_ref(schema->field(i)->name()));
    visible.push_back(schema->field(i)->WithName(names.Next()));
    binding.column_names.push_back(name);
  }
  project->schema = arrow::schema(std::move(visible));
  binding.plan = project;
  return binding;
}

arrow::Result<std::shared_ptr<arrow::Table>> RunPlan(const sql::QueryPlan& plan,
                                                     int64_t memory_limit) {
  ARROW_ASSIGN_OR_RAISE(std::string text, SerializePlan(plan));
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan decoded, DeserializePlan(text));
  ARROW_ASSIGN_OR_RAISE(auto reader, ExecutePlan(decoded, memory_limit));
  return reader->ToTable();
}

std::vector<std::string> RowsOf(const arrow::Table& table) {
  std::vector<std::string> rows;
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    std::string text;
    for (int column = 0; column < table.num_columns(); ++column) {
      if (column > 0) text += "|";
      auto scalar = table.column(column)->GetScalar(row).ValueOrDie();
      text += scalar->is_valid ? scalar->ToString() : "NULL";
    }
    rows.push_back(std::move(text));
  }
  return rows;
}

std::string Where(const std::string& predicate) {
  return "SELECT * FROM sales.orders WHERE " + predicate;
}

void EngineTest::SetUp() { ASSERT_TRUE(InitializeArrowCompute().ok()); }

arrow::Result<sql::QueryPlan> EngineTest::Plan(const std::string& sql) {
  return sql::PlanQuery(sql, provider_);
}

arrow::Result<std::shared_ptr<arrow::Table>> EngineTest::Run(const std::string& sql,
                                                             int64_t memory_limit) {
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan plan, Plan(sql));
  ARROW_ASSIGN_OR_RAISE(auto table, RunPlan(plan, memory_limit));
  EXPECT_TRUE(table->schema()->Equals(*plan.output_schema))
      << sql << ": result schema " << table->schema()->ToString() << " is not the plan's "
      << plan.output_schema->ToString();
  return table;
}

std::vector<std::string> EngineTest::Rows(const std::string& sql) {
  auto table = Run(sql);
  if (!table.ok()) {
    ADD_FAILURE() << sql << ": " << table.status().ToString();
    return {};
  }
  return RowsOf(**table);
}

std::vector<std::string> EngineTest::SortedRows(const std::string& sql) {
  std::vector<std::string> rows = Rows(sql);
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string EngineTest::Value(const std::string& sql) {
  std::vector<std::string> rows = Rows(sql);
  if (rows.size() != 1) {
    ADD_FAILURE() << sql << ": " << rows.size() << " rows, expected one";
    return "";
  }
  return rows[0];
}

std::shared_ptr<arrow::Schema> EngineTest::OutputSchema(const std::string& sql) {
  auto plan = Plan(sql);
  if (!plan.ok()) {
    ADD_FAILURE() << sql << ": " << plan.status().ToString();
    return arrow::schema({});
  }
  return plan->output_schema;
}

std::vector<int64_t> EngineTest::MatchingIds(const std::string& predicate) {
  const std::string sql = "SELECT id FROM sales.orders WHERE " + predicate;
  auto table = Run(sql);
  if (!table.ok()) {
    ADD_FAILURE() << sql << ": " << table.status().ToString();
    return {};
  }
  std::vector<int64_t> ids;
  for (const auto& chunk : (*table)->column(0)->chunks()) {
    const auto& values = static_cast<const arrow::Int64Array&>(*chunk);
    for (int64_t i = 0; i < values.length(); ++i) ids.push_back(values.Value(i));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void EngineTest::ExpectError(const std::string& sql, ErrorCode code,
                             const std::string& fragment, int64_t memory_limit) {
  auto table = Run(sql, memory_limit);
  ASSERT_FALSE(table.ok()) << sql << " succeeded";
  EXPECT_EQ(ErrorCodeOf(table.status()), code)
      << sql << ": " << table.status().ToString();
  EXPECT_NE(table.status().message().find(fragment), std::string::npos)
      << sql << ": message \"" << table.status().message() << "\" lacks \"" << fragment
      << "\"";
}

}  // namespace warden::exec::testing
