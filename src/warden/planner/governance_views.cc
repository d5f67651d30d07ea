// CREATE VIEW: validated by the query binder as the definer, stored with its output schema.
#include <map>
#include <set>

#include <arrow/type.h>
#include <arrow/util/key_value_metadata.h>

#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"

namespace warden::planner::internal {

namespace {

/// The attributes of the base column a view field reads unchanged, if it names one.
arrow::Result<std::vector<catalog::AttributeName>> InheritedAttributes(
    const GovernanceContext& context, const arrow::Field& field,
    std::map<std::pair<std::string, std::string>, std::optional<catalog::DatasetInfo>>* cache) {
  const auto& metadata = field.metadata();
  if (metadata == nullptr) return std::vector<catalog::AttributeName>{};
  auto database = metadata->Get(kSourceDatabaseKey);
  auto table = metadata->Get(kSourceTableKey);
  auto column = metadata->Get(kSourceColumnKey);
  if (!database.ok() || !table.ok() || !column.ok()) {
    return std::vector<catalog::AttributeName>{};
  }
  const std::pair<std::string, std::string> key{*database, *table};
  if (!cache->count(key)) {
    ARROW_ASSIGN_OR_RAISE((*cache)[key], context.store->GetDataset(*database, *table));
  }
  const auto& source = (*cache)[key];
  if (!source) return std::vector<catalog::AttributeName>{};
  const catalog::ColumnInfo* info = source->FindColumn(*column);
  return info ? info->attributes : std::vector<catalog::AttributeName>{};
}

}  // namespace

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::CreateView& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const auto& name = statement.view;
  ARROW_ASSIGN_OR_RAISE(auto database, context.store->GetDatabase(name.database));
  if (!database) {
    return Error(ErrorCode::kCatalogNotFound, "database " + name.database + " not found");
  }
  if (statement.if_not_exists) {
    ARROW_ASSIGN_OR_RAISE(auto existing, context.store->GetDataset(name.database, name.name));
    if (existing) return StatusTable("view " + name.ToString() + " already exists");
  }
  if (!*context.validate_view) {
    return Error(ErrorCode::kSqlUnsupported,
                 "CREATE VIEW is not supported by this planner (no query binder)");
  }
  ARROW_ASSIGN_OR_RAISE(auto output, (*context.validate_view)(statement.query, principal));

  catalog::DatasetInfo view;
  view.database = name.database;
  view.name = name.name;
  view.kind = catalog::DatasetKind::kView;
  view.view_sql = statement.query;
  view.owner = principal.user;  // the definer, whose access the view runs with
  view.comment = statement.comment.value_or("");
  view.created_at_ms = NowMs();
  view.schema_declared = true;
  arrow::FieldVector fields;
  std::set<std::string> names;
  std::map<std::pair<std::string, std::string>, std::optional<catalog::DatasetInfo>> sources;
  for (const auto& field : output->fields()) {
    if (!names.insert(field->name()).second) {
      return Error(ErrorCode::kInvalidName, "the view would have two columns named " +
                                                field->name() + "; give one an alias");
    }
    ARROW_RETURN_NOT_OK(sql::ValidateIdentifier(field->name(), "view column name"));
    ARROW_ASSIGN_OR_RAISE(auto attributes, InheritedAttributes(context, *field, &sources));
    view.columns.push_back({field->name(), "", std::move(attributes)});
    fields.push_back(field->RemoveMetadata());
  }
  view.schema = arrow::schema(std::move(fields));
  ARROW_RETURN_NOT_OK(context.store->CreateDataset(view, statement.if_not_exists));
  return StatusTable("view " + name.ToString() + " created");
}

}  // namespace warden::planner::internal
