#include "warden/planner/governed_table_provider.h"

#include <map>

#include <arrow/compute/api.h>
#include <arrow/type.h>
#include <arrow/util/key_value_metadata.h>

#include "warden/common/error.h"
#include "warden/sql/binder.h"

namespace warden::planner {

namespace cp = arrow::compute;

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
    sql::PlanPtr plan = base.plan;
    if (governed.row_filter) {
      cp::Expression predicate;
      if (!sql::RenameFields(*governed.row_filter, internal, &predicate)) {
        return Error(ErrorCode::kInternal, "row filter names a column the table lacks");
      }
      auto filter = sql::MakeNode(sql::PlanKind::kFilter, {plan}, plan->schema);
      filter->predicate = std::move(predicate);
      plan = filter;
    }
    sql::TableBinding binding;
    arrow::FieldVector fields;
    auto project = sql::MakeNode(sql::PlanKind::kProject, {plan}, nullptr);
    for (const auto& field : governed.visible_schema->fields()) {
      auto it = internal.find(field->name());
      if (it == internal.end()) {
        return Error(ErrorCode::kCatalogNotFound,
                     "column " + field->name() + " of " + table.ToString() +
                         " no longer exists in what it reads; recreate the view");
      }
      project->expressions.push_back(cp::field_ref(it->second));
      fields.push_back(arrow::field(names.Next(), plan->schema->GetFieldByName(it->second)->type()));
      binding.column_names.push_back(field->name());
    }
    project->schema = arrow::schema(std::move(fields));
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
