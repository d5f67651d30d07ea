// Governance statements on external tables: CREATE, DROP, RECOVER/SHOW PARTITIONS.
#include <set>

#include <arrow/dataset/file_base.h>
#include <arrow/type.h>

#include "warden/catalog/format_options.h"
#include "warden/catalog/storage.h"
#include "warden/catalog/table_layout.h"
#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"

namespace warden::planner::internal {

namespace {

arrow::Status DuplicateColumn(const std::string& name) {
  return Error(ErrorCode::kInvalidName, "column " + name + " is defined twice");
}

/// The partition columns: as declared (names must match the folders) or inferred from them.
arrow::Result<arrow::FieldVector> PartitionFields(const sql::CreateExternalTable& statement,
                                                  const catalog::PartitionLayout& layout,
                                                  bool has_files) {
  std::vector<std::vector<std::string>> values(layout.keys.size());
  for (const auto& partition : layout.partitions) {
    for (size_t i = 0; i < partition.values.size(); ++i) values[i].push_back(partition.values[i]);
  }
  arrow::FieldVector fields;
  if (!statement.partitioned_by) {
    for (size_t i = 0; i < layout.keys.size(); ++i) {
      fields.push_back(arrow::field(layout.keys[i], catalog::InferPartitionType(values[i])));
    }
    return fields;
  }
  const auto& declared = *statement.partitioned_by;
  std::vector<std::string> names;
  for (const auto& column : declared) names.push_back(column.name);
  if (has_files && names != layout.keys) {
    std::string found;
    for (const auto& key : layout.keys) found += (found.empty() ? "" : ", ") + key;
    return Error(ErrorCode::kStorage,
                 "PARTITIONED BY does not match the folders at '" + statement.location +
                     "' (they are partitioned by " + (found.empty() ? "nothing" : found) + ")");
  }
  for (size_t i = 0; i < declared.size(); ++i) {
    auto type = declared[i].type;
    if (type == nullptr) {
      type = has_files ? catalog::InferPartitionType(values[i]) : arrow::utf8();
    } else if (has_files) {
      ARROW_RETURN_NOT_OK(catalog::CheckPartitionValues(declared[i].name, *type, values[i]));
    }
    fields.push_back(arrow::field(declared[i].name, type));
  }
  return fields;
}

/// The data columns: declared (checked against a file), like a Parquet file, or inferred.
arrow::Result<std::shared_ptr<arrow::Schema>> DataSchema(
    const sql::CreateExternalTable& statement, const catalog::FileListing& listing,
    const std::map<std::string, std::string>& options) {
  if (statement.like_parquet) {
    ARROW_ASSIGN_OR_RAISE(auto like, catalog::ListDataFiles(*statement.like_parquet));
    return catalog::InspectDataFiles(like, "parquet", {}, *statement.like_parquet);
  }
  if (statement.columns.empty()) {
    return catalog::InspectDataFiles(listing, statement.format, options, statement.location);
  }
  arrow::FieldVector fields;
  for (const auto& column : statement.columns) {
    fields.push_back(arrow::field(column.name, column.type, column.nullable));
  }
  auto declared = arrow::schema(std::move(fields));
  if (listing.paths.empty()) return declared;  // a table whose data is still to come
  // One file must read in the format; self-describing files must hold the columns.
  ARROW_ASSIGN_OR_RAISE(auto format,
                        catalog::MakeFileFormat(statement.format, options, declared));
  catalog::FileListing first{listing.filesystem, {listing.paths.front()}};
  ARROW_ASSIGN_OR_RAISE(auto in_file, catalog::InspectDataFiles(first, statement.format,
                                                                options, statement.location));
  if (statement.format != "csv") {
    for (const auto& field : declared->fields()) {
      if (in_file->GetFieldByName(field->name()) == nullptr) {
        return Error(ErrorCode::kStorage, "column " + field->name() +
                                              " is not in the files at '" +
                                              statement.location + "'");
      }
    }
  }
  return declared;
}

std::vector<catalog::ColumnInfo> DeclaredColumnInfo(const sql::CreateExternalTable& statement) {
  std::vector<catalog::ColumnInfo> columns;
  auto add = [&](const sql::ColumnDefinition& column) {
    catalog::ColumnInfo info{column.name, column.comment.value_or(""), {}};
    for (const auto& attribute : column.attributes) info.attributes.push_back(ToCatalog(attribute));
    std::sort(info.attributes.begin(), info.attributes.end());
    columns.push_back(std::move(info));
  };
  for (const auto& column : statement.columns) add(column);
  if (statement.partitioned_by) {
    for (const auto& column : *statement.partitioned_by) add(column);
  }
  return columns;
}

}  // namespace

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::CreateExternalTable& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const auto& name = statement.table;
  ARROW_ASSIGN_OR_RAISE(auto database, context.store->GetDatabase(name.database));
  if (!database) {
    return Error(ErrorCode::kCatalogNotFound, "database " + name.database + " not found");
  }
  if (statement.if_not_exists) {
    ARROW_ASSIGN_OR_RAISE(auto existing, context.store->GetDataset(name.database, name.name));
    if (existing) return StatusTable("table " + name.ToString() + " already exists");
  }
  std::set<std::string> names;
  for (const auto& column : statement.columns) {
    if (!names.insert(column.name).second) return DuplicateColumn(column.name);
  }
  ARROW_ASSIGN_OR_RAISE(auto options,
                        catalog::NormalizeFormatOptions(statement.format, statement.options));
  ARROW_ASSIGN_OR_RAISE(auto listing, catalog::ListDataFiles(statement.location));
  ARROW_ASSIGN_OR_RAISE(auto resolved, catalog::ResolveLocation(statement.location));
  ARROW_ASSIGN_OR_RAISE(auto layout, catalog::DiscoverPartitions(listing, resolved.second,
                                                                 statement.location));
  ARROW_ASSIGN_OR_RAISE(auto partition_fields,
                        PartitionFields(statement, layout, !listing.paths.empty()));
  ARROW_ASSIGN_OR_RAISE(auto data_schema, DataSchema(statement, listing, options));

  catalog::DatasetInfo dataset;
  dataset.database = name.database;
  dataset.name = name.name;
  dataset.location = statement.location;
  dataset.format = statement.format;
  dataset.owner = principal.user;
  dataset.comment = statement.comment.value_or("");
  dataset.created_at_ms = NowMs();
  dataset.format_options = options;
  dataset.schema_declared = !statement.columns.empty();
  arrow::FieldVector fields = data_schema->fields();
  for (const auto& field : partition_fields) {
    if (data_schema->GetFieldByName(field->name()) != nullptr) {
      return Error(ErrorCode::kInvalidName, "column " + field->name() +
                                                " is both a data column and a partition column");
    }
    if (!names.insert(field->name()).second) return DuplicateColumn(field->name());
    fields.push_back(field);
    dataset.partition_columns.push_back(field->name());
  }
  dataset.schema = arrow::schema(std::move(fields));
  dataset.columns = DeclaredColumnInfo(statement);
  for (const auto& attribute : statement.attributes) {
    dataset.attributes.push_back(ToCatalog(attribute));
  }
  std::sort(dataset.attributes.begin(), dataset.attributes.end());
  dataset.attributes.erase(std::unique(dataset.attributes.begin(), dataset.attributes.end()),
                           dataset.attributes.end());
  std::vector<catalog::PartitionInfo> partitions =
      partition_fields.empty() ? std::vector<catalog::PartitionInfo>{} : layout.partitions;
  ARROW_RETURN_NOT_OK(
      context.store->CreateDataset(dataset, statement.if_not_exists, partitions));
  return StatusTable("table " + name.ToString() + " created");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::DropTable& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const auto kind = statement.view ? catalog::DatasetKind::kView : catalog::DatasetKind::kTable;
  ARROW_RETURN_NOT_OK(context.store->DropDataset(statement.table.database,
                                                 statement.table.name, statement.if_exists,
                                                 kind));
  return StatusTable(std::string(statement.view ? "view " : "table ") +
                     statement.table.ToString() + " dropped");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::RecoverPartitions& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const auto& name = statement.table;
  ARROW_ASSIGN_OR_RAISE(auto dataset, context.store->GetDataset(name.database, name.name));
  if (!dataset || dataset->is_view()) {
    return Error(ErrorCode::kCatalogNotFound, "table " + name.ToString() + " not found");
  }
  if (dataset->partition_columns.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "table " + name.ToString() + " is not partitioned");
  }
  ARROW_ASSIGN_OR_RAISE(auto listing, catalog::ListDataFiles(dataset->location));
  ARROW_ASSIGN_OR_RAISE(auto resolved, catalog::ResolveLocation(dataset->location));
  ARROW_ASSIGN_OR_RAISE(auto layout, catalog::DiscoverPartitions(listing, resolved.second,
                                                                 dataset->location));
  if (!listing.paths.empty() && layout.keys != dataset->partition_columns) {
    return Error(ErrorCode::kStorage, "the folders at '" + dataset->location +
                                          "' no longer match the partition columns of " +
                                          name.ToString());
  }
  for (size_t i = 0; i < layout.keys.size(); ++i) {
    std::vector<std::string> values;
    for (const auto& partition : layout.partitions) values.push_back(partition.values[i]);
    const auto& field = dataset->schema->GetFieldByName(layout.keys[i]);
    ARROW_RETURN_NOT_OK(catalog::CheckPartitionValues(field->name(), *field->type(), values));
  }
  ARROW_ASSIGN_OR_RAISE(auto before, context.store->ListPartitions(name.database, name.name));
  ARROW_RETURN_NOT_OK(
      context.store->ReplacePartitions(name.database, name.name, layout.partitions));
  const auto added = static_cast<int64_t>(layout.partitions.size()) -
                     static_cast<int64_t>(before.size());
  return StatusTable("table " + name.ToString() + ": " +
                     std::to_string(layout.partitions.size()) + " partitions (" +
                     (added >= 0 ? "+" : "") + std::to_string(added) + ")");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowPartitions& statement) {
  ARROW_ASSIGN_OR_RAISE(auto governed, context.access->GovernedView(principal, statement.table));
  ARROW_ASSIGN_OR_RAISE(auto partitions, context.store->ListPartitions(
                                             statement.table.database, statement.table.name));
  StringTableBuilder builder({"partition"});
  for (const auto& partition : partitions) {
    ARROW_RETURN_NOT_OK(builder.AddRow({partition.path}));
  }
  return builder.Finish();
}

}  // namespace warden::planner::internal
