#include "warden/planner/governed_table_provider.h"

#include <algorithm>
#include <map>
#include <optional>

#include <arrow/compute/api.h>
#include <arrow/type.h>
#include <arrow/util/key_value_metadata.h>

#include "warden/common/error.h"
#include "warden/exec/transform_functions.h"
#include "warden/exec/transforms.h"
#include "warden/sql/binder.h"

namespace warden::planner {

namespace cp = arrow::compute;

namespace {

/// Serves one prepared binding to the binder, whatever table the query names: how row
/// filters and grant checks bind SQL text over a dataset's raw columns.
class FixedTableProvider : public sql::TableProvider {
 public:
  explicit FixedTableProvider(sql::TableBinding binding) : binding_(std::move(binding)) {}
  arrow::Result<sql::TableBinding> BindTable(const sql::QualifiedName&,
                                             sql::NameGenerator&) override {
    return binding_;
  }

 private:
  sql::TableBinding binding_;
};

/// The literal of a transform argument as stored ("4", "-2.5", "'month'").
arrow::Result<exec::TransformArg> ParseTransformArg(const std::string& text) {
  if (text.size() >= 2 && text.front() == '\'') {
    std::string value;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      value += text[i];
      if (text[i] == '\'' && text[i + 1] == '\'') ++i;
    }
    return exec::TransformArg(std::move(value));
  }
  if (text.find_first_of(".eE") == std::string::npos) {
    try {
      size_t used = 0;
      const long long value = std::stoll(text, &used);
      if (used == text.size()) return exec::TransformArg(static_cast<int64_t>(value));
    } catch (const std::exception&) {
    }
  }
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return exec::TransformArg(value);
  } catch (const std::exception&) {
  }
  return Error(ErrorCode::kPolicyInvalidTransform, "invalid transform argument " + text);
}

}  // namespace

arrow::Result<std::vector<exec::TransformArg>> TransformArgs(
    const catalog::GrantTransform& transform) {
  std::vector<exec::TransformArg> args;
  for (const auto& text : transform.args) {
    ARROW_ASSIGN_OR_RAISE(auto arg, ParseTransformArg(text));
    args.push_back(std::move(arg));
  }
  return args;
}

arrow::Result<std::vector<cp::Expression>> BindRowFilters(
    const sql::TableBinding& base, const std::vector<std::string>& filters,
    sql::NameGenerator& names) {
  if (filters.empty()) return std::vector<cp::Expression>{};
  std::string query = "SELECT ";
  for (size_t i = 0; i < filters.size(); ++i) {
    query += (i ? ", (" : "(") + filters[i] + ") AS p" + std::to_string(i);
  }
  query += " FROM warden_policy.row_filter";
  FixedTableProvider provider(base);
  ARROW_ASSIGN_OR_RAISE(auto bound, sql::BindViewQuery(query, provider, names));
  const sql::PlanNode& project = *bound.plan;
  if (project.kind != sql::PlanKind::kProject || project.inputs.size() != 1 ||
      project.inputs[0] != base.plan || project.expressions.size() != filters.size()) {
    return Error(ErrorCode::kSqlUnsupported,
                 "a row filter must be a boolean expression over the table's columns "
                 "(no aggregates or subqueries)");
  }
  for (const auto& field : project.schema->fields()) {
    if (field->type()->id() != arrow::Type::BOOL && field->type()->id() != arrow::Type::NA) {
      return Error(ErrorCode::kSqlBind,
                   "a row filter must be boolean, not " + field->type()->ToString());
    }
  }
  return project.expressions;
}

namespace {

/// One cell of the governed view: `CASE WHEN f1 THEN t1(c) … ELSE NULL END`. It reads
/// rows that passed the view's filter (some grant of G admits them), so when every grant
/// of G exposes the column, a row that no earlier WHEN took is admitted by the last
/// grant: its WHEN is the ELSE. With one filtered grant (the common case) the cell is
/// then the bare transform, not a CASE that evaluates the filter again per column:
///   CASE WHEN region = 'eu' THEN sha2(email) ELSE NULL END  ->  sha2(email)
arrow::Result<cp::Expression> CellExpression(const policy::GovernedColumn& column,
                                             const std::vector<cp::Expression>& predicates,
                                             const std::vector<bool>& filtered,
                                             const cp::Expression& raw) {
  const auto& type = column.field->type();
  const auto value_of = [&](const policy::CellRule& rule) -> cp::Expression {
    if (!rule.transform) return raw;
    auto args = TransformArgs(*rule.transform);
    if (!args.ok()) return cp::literal(arrow::MakeNullScalar(type));
    auto masked = exec::MakeTransformExpression(rule.transform->function, *args, raw, *type);
    // A transform that no longer fits (the column was re-tagged after the GRANT) hides
    // the value rather than failing the read.
    return masked.ok() ? *masked : cp::literal(arrow::MakeNullScalar(type));
  };
  if (column.plain) return raw;
  std::vector<cp::Expression> conditions, values;
  std::vector<std::string> names;
  // A column has one rule per grant that exposes it.
  const bool every_grant = column.rules.size() == filtered.size();
  for (size_t r = 0; r < column.rules.size(); ++r) {
    const auto& rule = column.rules[r];
    const bool last = r + 1 == column.rules.size();
    if (!filtered[rule.grant] || (last && every_grant)) {  // the ELSE branch
      values.push_back(value_of(rule));
      break;
    }
    names.push_back("c" + std::to_string(conditions.size()));
    conditions.push_back(predicates[rule.grant]);
    values.push_back(value_of(rule));
  }
  // Every grant gives the cell the same value (sha2 under each of two row filters): one
  // expression, not a CASE that computes it once per branch.
  const bool same_everywhere =
      values.size() > conditions.size() &&
      std::all_of(values.begin(), values.end(),
                  [&](const cp::Expression& value) { return value.Equals(values.front()); });
  if (conditions.empty() || same_everywhere) return values.front();
  if (values.size() == conditions.size()) {
    values.push_back(cp::literal(arrow::MakeNullScalar(type)));
  }
  std::vector<cp::Expression> args = {
      cp::call("make_struct", std::move(conditions), cp::MakeStructOptions(std::move(names)))};
  for (auto& value : values) args.push_back(std::move(value));
  return cp::call("case_when", std::move(args));
}

/// True when `expr` reads field `name` other than as the argument of sha2; sets `*hashed`
/// when it reads it as that argument.
bool ReadsBesidesHash(const cp::Expression& expr, const std::string& name, bool* hashed) {
  if (const auto* ref = expr.field_ref()) return ref->name() && *ref->name() == name;
  const auto* call = expr.call();
  if (call == nullptr) return false;
  if (call->function_name == exec::kSha2Function && call->arguments.size() == 1) {
    const auto* argument = call->arguments[0].field_ref();
    if (argument && argument->name() && *argument->name() == name) {
      *hashed = true;
      return false;
    }
  }
  for (const auto& argument : call->arguments) {
    if (ReadsBesidesHash(argument, name, hashed)) return true;
  }
  return false;
}

/// The Parquet scan reads the columns that the governed view only hashes (in `uses`:
/// its cells and row filter) as dictionaries: sha2 then hashes each distinct value once
/// and the row filter moves indices rather than strings. Values and types above the
/// view do not change (sha2 of a dictionary is a plain string array).
///   Project sha2(merchant) <- Filter <- Scan [merchant: string]
///   -> Project sha2(merchant) <- Filter <- Scan [merchant: dictionary<int32, string>]
void ReadHashedColumnsAsDictionaries(sql::PlanNode& scan,
                                     const std::vector<cp::Expression>& uses) {
  if (scan.kind != sql::PlanKind::kScan || scan.source.format != "parquet") return;
  for (int i = 0; i < scan.schema->num_fields(); ++i) {
    const std::string& name = scan.schema->field(i)->name();
    bool hashed = false;
    bool other = false;
    for (const auto& use : uses) other = other || ReadsBesidesHash(use, name, &hashed);
    if (hashed && !other) {
      scan.source.dictionary_columns.push_back(scan.scan_columns[static_cast<size_t>(i)]);
    }
  }
}

}  // namespace

arrow::Result<sql::TableBinding> GovernedTableProvider::BindTable(
    const sql::QualifiedName& table, sql::NameGenerator& names) {
  ARROW_ASSIGN_OR_RAISE(auto governed, access_->GovernedView(principal_, table));
  if (access_summary_ != nullptr) access_summary_->AddGovernedTable(governed);
  ARROW_ASSIGN_OR_RAISE(sql::TableBinding base, governed.dataset.is_view()
                                                    ? BindView(governed.dataset, names)
                                                    : BindFiles(governed.dataset, names));
  std::map<std::string, std::string> internal;  // dataset column -> base output field
  for (size_t i = 0; i < base.column_names.size(); ++i) {
    internal[base.column_names[i]] = base.plan->schema->field(static_cast<int>(i))->name();
  }
  // Row filters bind over the raw columns of the base plan.
  std::vector<std::string> texts;
  std::vector<size_t> text_grant;
  std::vector<bool> filtered(governed.grants.size(), false);
  for (size_t g = 0; g < governed.grants.size(); ++g) {
    if (governed.row_filters[g].empty()) continue;
    filtered[g] = true;
    texts.push_back(governed.row_filters[g]);
    text_grant.push_back(g);
  }
  std::vector<cp::Expression> predicates(governed.grants.size(), cp::literal(true));
  {
    auto bound = BindRowFilters(base, texts, names);
    if (!bound.ok()) {
      return Error(ErrorCode::kPermissionDenied,
                   "a row filter on " + table.ToString() +
                       " no longer binds; an administrator must fix the grant");
    }
    for (size_t i = 0; i < bound->size(); ++i) predicates[text_grant[i]] = (*bound)[i];
  }
  sql::PlanPtr plan = base.plan;
  if (!governed.AllRows()) {
    // A row is visible iff some grant admits it (a NULL filter does not).
    std::optional<cp::Expression> any;
    for (size_t g = 0; g < governed.grants.size(); ++g) {
      cp::Expression admits = cp::call("coalesce", {predicates[g], cp::literal(false)});
      any = any ? cp::call("or_kleene", {*any, std::move(admits)}) : std::move(admits);
    }
    auto filter = sql::MakeNode(sql::PlanKind::kFilter, {plan}, plan->schema);
    filter->predicate = std::move(*any);
    plan = filter;
  }
  sql::TableBinding binding;
  arrow::FieldVector fields;
  auto project = sql::MakeNode(sql::PlanKind::kProject, {plan}, nullptr);
  for (const auto& column : governed.columns) {
    const auto& name = column.field->name();
    auto it = internal.find(name);
    if (it == internal.end()) {
      return Error(ErrorCode::kCatalogNotFound,
                   "column " + name + " of " + table.ToString() +
                       " no longer exists in what it reads; recreate the view");
    }
    auto type = plan->schema->GetFieldByName(it->second)->type();
    ARROW_ASSIGN_OR_RAISE(auto cell, CellExpression(column, predicates, filtered,
                                                    cp::field_ref(it->second)));
    project->expressions.push_back(std::move(cell));
    fields.push_back(arrow::field(names.Next(), type));
    binding.column_names.push_back(name);
  }
  project->schema = arrow::schema(std::move(fields));
  std::vector<cp::Expression> uses = project->expressions;
  if (plan != base.plan) uses.push_back(plan->predicate);
  ReadHashedColumnsAsDictionaries(*base.plan, uses);
  binding.plan = std::move(project);
  return binding;
}

sql::TableBinding GovernedTableProvider::BindFiles(const catalog::DatasetInfo& dataset,
                                                   sql::NameGenerator& names) {
    sql::ScanSource source;
    source.table = {dataset.database, dataset.name};
    source.format = dataset.format;
    source.location = dataset.location;
    source.dataset_schema = dataset.schema;
    source.options = dataset.format_options;
    source.partition_columns = dataset.partition_columns;
    source.columns_declared = dataset.schema_declared;
    std::vector<std::string> columns;
    for (const auto& field : dataset.schema->fields()) columns.push_back(field->name());
    sql::PlanPtr plan = sql::MakeScanNode(std::move(source), columns, names);
    return {std::move(plan), std::move(columns)};
  }

arrow::Result<sql::TableBinding> GovernedTableProvider::BindView(
    const catalog::DatasetInfo& view, sql::NameGenerator& names) {
    if (view_depth_ >= kMaxViewDepth) {
      return Error(ErrorCode::kSqlUnsupported,
                   "views nested more than " + std::to_string(kMaxViewDepth) +
                       " deep (or a view that reads itself): " + view.QualifiedName());
    }
    ARROW_ASSIGN_OR_RAISE(auto definer, access_->ResolvePrincipal(view.owner, {}));
    GovernedTableProvider provider(access_, definer, view_depth_ + 1);
    provider.set_access_summary(access_summary_);
    return sql::BindViewQuery(view.view_sql, provider, names);
  }

ViewValidator GovernedViewValidator(const policy::AccessController* access) {
  return [access](const std::string& sql, const policy::Principal& definer)
             -> arrow::Result<std::shared_ptr<arrow::Schema>> {
  GovernedTableProvider provider(access, definer);
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan plan, sql::PlanQuery(sql, provider));
  arrow::FieldVector fields;
  for (int i = 0; i < plan.output_schema->num_fields(); ++i) {
    auto field = plan.output_schema->field(i);
    auto source = sql::SourceColumnOf(*plan.root, plan.root->schema->field(i)->name());
    if (source) {
      field = field->WithMetadata(arrow::key_value_metadata(
          {kSourceDatabaseKey, kSourceTableKey, kSourceColumnKey},
          {source->first.database, source->first.name, source->second}));
    }
    fields.push_back(std::move(field));
  }
  return arrow::schema(std::move(fields));
  };
}

}  // namespace warden::planner
