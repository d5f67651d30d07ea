// DESCRIBE [FORMATTED] and SHOW CREATE TABLE.
#include <ctime>
#include <set>

#include <arrow/type.h>

#include "warden/catalog/format_options.h"
#include "warden/catalog/storage.h"
#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"
#include "warden/sql/type_names.h"

namespace warden::planner::internal {

namespace {

std::string IsoTime(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string Name(const catalog::DatasetInfo& dataset) {
  return sql::QuoteIdentifier(dataset.database) + "." + sql::QuoteIdentifier(dataset.name);
}

std::string Attribute(const catalog::AttributeName& attribute) {
  return sql::QuoteIdentifier(attribute.name_space) + "." + sql::QuoteIdentifier(attribute.key);
}

/// `name type [NOT NULL] [COMMENT '…'] [ATTRIBUTE a.b …]` of a column list.
arrow::Result<std::string> ColumnDefinition(const catalog::DatasetInfo& dataset,
                                            const arrow::Field& field) {
  ARROW_ASSIGN_OR_RAISE(auto type, sql::FormatTypeName(*field.type()));
  std::string text = sql::QuoteIdentifier(field.name()) + " " + type;
  if (!field.nullable()) text += " NOT NULL";
  if (const auto* info = dataset.FindColumn(field.name())) {
    if (!info->comment.empty()) text += " COMMENT " + sql::QuoteString(info->comment);
    for (const auto& attribute : info->attributes) text += " ATTRIBUTE " + Attribute(attribute);
  }
  return text;
}

/// The CREATE EXTERNAL TABLE statement; inferred tables name no columns, so that the files
/// are read again, and their column comments and attributes follow as ALTER statements.
arrow::Result<std::vector<std::string>> CreateTableStatements(
    const catalog::DatasetInfo& dataset) {
  std::vector<std::string> statements;
  std::string create = "CREATE EXTERNAL TABLE " + Name(dataset);
  if (dataset.schema_declared) {
    std::string columns, partitions;
    const auto data = catalog::DataColumnsOf(dataset);
    for (const auto& field : dataset.schema->fields()) {
      ARROW_ASSIGN_OR_RAISE(auto definition, ColumnDefinition(dataset, *field));
      std::string& list = data->GetFieldByName(field->name()) ? columns : partitions;
      list += (list.empty() ? "" : ", ") + definition;
    }
    create += " (" + columns + ")";
    if (!partitions.empty()) create += " PARTITIONED BY (" + partitions + ")";
  }
  if (!dataset.comment.empty()) create += " COMMENT " + sql::QuoteString(dataset.comment);
  std::string format = dataset.format;
  for (char& c : format) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  create += " STORED AS " + format + " LOCATION " + sql::QuoteString(dataset.location);
  if (!dataset.format_options.empty()) {
    std::string options;
    for (const auto& [key, value] : dataset.format_options) {
      options += (options.empty() ? "" : ", ") + sql::QuoteString(key) + " = " +
                 sql::QuoteString(value);
    }
    create += " OPTIONS (" + options + ")";
  }
  if (!dataset.attributes.empty()) {
    std::string attributes;
    for (const auto& attribute : dataset.attributes) {
      attributes += (attributes.empty() ? "" : ", ") + Attribute(attribute);
    }
    create += " ATTRIBUTES (" + attributes + ")";
  }
  statements.push_back(create);
  if (dataset.schema_declared) return statements;
  for (const auto& column : dataset.columns) {
    const std::string alter = "ALTER TABLE " + Name(dataset);
    if (!column.comment.empty()) {
      statements.push_back(alter + " ALTER COLUMN " + sql::QuoteIdentifier(column.name) +
                           " COMMENT " + sql::QuoteString(column.comment));
    }
    for (const auto& attribute : column.attributes) {
      statements.push_back(alter + " ADD ATTRIBUTE " + Attribute(attribute) + " ON COLUMN " +
                           sql::QuoteIdentifier(column.name));
    }
  }
  return statements;
}

std::vector<std::string> CreateViewStatements(const catalog::DatasetInfo& view) {
  std::string create = "CREATE VIEW " + Name(view);
  if (!view.comment.empty()) create += " COMMENT " + sql::QuoteString(view.comment);
  return {create + " AS " + view.view_sql};
}

}  // namespace

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::DescribeTable& statement) {
  ARROW_ASSIGN_OR_RAISE(auto governed, context.access->GovernedView(principal, statement.table));
  const auto& dataset = governed.dataset;
  StringTableBuilder builder({"name", "type", "comment", "attributes"});
  for (const auto& field : governed.visible_schema->fields()) {
    const catalog::ColumnInfo* info = dataset.FindColumn(field->name());
    ARROW_RETURN_NOT_OK(builder.AddRow({field->name(), catalog::SqlTypeName(*field->type()),
                                        info ? info->comment : "",
                                        info ? JoinAttributes(info->attributes) : ""}));
  }
  if (!statement.formatted) return builder.Finish();
  auto row = [&](const std::string& name, const std::string& value) {
    return builder.AddRow({name, value, "", ""});
  };
  ARROW_RETURN_NOT_OK(row("", ""));
  ARROW_RETURN_NOT_OK(row("# Detailed Table Information", ""));
  ARROW_RETURN_NOT_OK(row("Database", dataset.database));
  ARROW_RETURN_NOT_OK(row("Table", dataset.name));
  ARROW_RETURN_NOT_OK(row("Type", dataset.is_view() ? "VIEW" : "EXTERNAL_TABLE"));
  ARROW_RETURN_NOT_OK(row("Owner", dataset.owner));
  ARROW_RETURN_NOT_OK(row("Created", IsoTime(dataset.created_at_ms)));
  ARROW_RETURN_NOT_OK(row("Comment", dataset.comment));
  ARROW_RETURN_NOT_OK(row("Attributes", JoinAttributes(dataset.attributes)));
  ARROW_RETURN_NOT_OK(row("Columns", std::to_string(governed.visible_schema->num_fields())));
  if (dataset.is_view()) {
    ARROW_RETURN_NOT_OK(row("View Text", dataset.view_sql));
    return builder.Finish();
  }
  ARROW_RETURN_NOT_OK(row("Location", dataset.location));
  ARROW_RETURN_NOT_OK(row("Format", dataset.format));
  std::string options;
  for (const auto& [key, value] : dataset.format_options) {
    options += (options.empty() ? "" : ", ") + key + "=" + value;
  }
  ARROW_RETURN_NOT_OK(row("Format Options", options));
  ARROW_RETURN_NOT_OK(row("Schema", dataset.schema_declared ? "declared" : "inferred"));
  std::string partition_columns;
  for (const auto& column : dataset.partition_columns) {
    partition_columns += (partition_columns.empty() ? "" : ", ") + column;
  }
  ARROW_RETURN_NOT_OK(row("Partition Columns", partition_columns));
  ARROW_ASSIGN_OR_RAISE(auto partitions, context.store->ListPartitions(dataset.database,
                                                                       dataset.name));
  ARROW_RETURN_NOT_OK(row("Partitions", std::to_string(partitions.size())));
  return builder.Finish();
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowCreateTable& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_ASSIGN_OR_RAISE(auto governed, context.access->GovernedView(principal, statement.table));
  const auto& dataset = governed.dataset;
  // Run in order on an empty catalog, these rows recreate the object: its database, the
  // attribute definitions it uses, then the object itself.
  std::vector<std::string> statements = {"CREATE DATABASE IF NOT EXISTS " +
                                         sql::QuoteIdentifier(dataset.database)};
  std::set<catalog::AttributeName> attributes(dataset.attributes.begin(),
                                              dataset.attributes.end());
  for (const auto& column : dataset.columns) {
    attributes.insert(column.attributes.begin(), column.attributes.end());
  }
  for (const auto& attribute : attributes) {
    statements.push_back("CREATE ATTRIBUTE IF NOT EXISTS " + Attribute(attribute));
  }
  if (dataset.is_view()) {
    for (auto& statement_text : CreateViewStatements(dataset)) {
      statements.push_back(std::move(statement_text));
    }
  } else {
    ARROW_ASSIGN_OR_RAISE(auto create, CreateTableStatements(dataset));
    for (auto& statement_text : create) statements.push_back(std::move(statement_text));
  }
  StringTableBuilder builder({"statement"});
  for (const auto& text : statements) ARROW_RETURN_NOT_OK(builder.AddRow({text}));
  return builder.Finish();
}

}  // namespace warden::planner::internal
