#include "warden/catalog/sql_catalog_internal.h"

#include <arrow/type.h>
#include <nlohmann/json.hpp>

#include "warden/catalog/storage.h"
#include "warden/common/arrow_codec.h"
#include "warden/common/error.h"

namespace warden::catalog::internal {

arrow::Result<bool> DatabaseExists(SqlConnection& connection, const std::string& name) {
  ARROW_ASSIGN_OR_RAISE(auto rows,
                        connection.Query("SELECT 1 FROM databases WHERE name = ?", {name}));
  return !rows.empty();
}

arrow::Status RequireDatabase(SqlConnection& connection, const std::string& name) {
  ARROW_ASSIGN_OR_RAISE(bool exists, DatabaseExists(connection, name));
  if (!exists) return Error(ErrorCode::kCatalogNotFound, "database " + name + " not found");
  return arrow::Status::OK();
}

arrow::Result<std::optional<DatasetKind>> DatasetKindOf(SqlConnection& connection,
                                                        const std::string& database,
                                                        const std::string& name) {
  ARROW_ASSIGN_OR_RAISE(
      auto rows, connection.Query("SELECT kind FROM datasets WHERE database_name = ? AND name = ?",
                                  {database, name}));
  if (rows.empty()) return std::nullopt;
  return ParseKind(rows.Text(0, 0));
}

arrow::Status RequireAttribute(SqlConnection& connection, const AttributeName& attribute) {
  ARROW_ASSIGN_OR_RAISE(
      auto rows, connection.Query(
                     "SELECT 1 FROM attributes WHERE attr_namespace = ? AND attr_key = ?",
                     {attribute.name_space, attribute.key}));
  if (rows.empty()) {
    return Error(ErrorCode::kCatalogNotFound, "attribute " + attribute.ToString() +
                                                  " not found (CREATE ATTRIBUTE it first)");
  }
  return arrow::Status::OK();
}

static arrow::Status InsertAttribute(SqlConnection& connection, const DatasetInfo& dataset,
                                     const std::string& column,
                                     const AttributeName& attribute) {
  ARROW_RETURN_NOT_OK(RequireAttribute(connection, attribute));
  return connection
      .Query("INSERT INTO dataset_attributes(database_name, dataset_name, column_name, "
             "attr_namespace, attr_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
             {dataset.database, dataset.name, column, attribute.name_space, attribute.key})
      .status();
}

arrow::Status InsertColumnsAndAttributes(SqlConnection& connection,
                                         const DatasetInfo& dataset) {
  const auto& fields = dataset.schema->fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    const ColumnInfo* column = dataset.FindColumn(fields[i]->name());
    ARROW_RETURN_NOT_OK(
        connection
            .Query("INSERT INTO dataset_columns(database_name, dataset_name, position, name, "
                   "type_name, comment) VALUES (?, ?, ?, ?, ?, ?)",
                   {dataset.database, dataset.name, static_cast<int64_t>(i), fields[i]->name(),
                    SqlTypeName(*fields[i]->type()), column ? column->comment : ""})
            .status());
    if (column == nullptr) continue;
    for (const auto& attribute : column->attributes) {
      ARROW_RETURN_NOT_OK(InsertAttribute(connection, dataset, column->name, attribute));
    }
  }
  for (const auto& attribute : dataset.attributes) {
    ARROW_RETURN_NOT_OK(InsertAttribute(connection, dataset, "", attribute));
  }
  return arrow::Status::OK();
}

std::string LowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

arrow::Status BumpPolicyVersion(SqlConnection& connection) {
  return connection.Query("UPDATE policy_version SET version = version + 1 WHERE id = 1")
      .status();
}

arrow::Status RefreshSearchEntry(SqlConnection& connection, const std::string& database,
                                 const std::string& name) {
  ARROW_RETURN_NOT_OK(
      connection
          .Query("DELETE FROM dataset_search WHERE database_name = ? AND dataset_name = ?",
                 {database, name})
          .status());
  ARROW_ASSIGN_OR_RAISE(
      auto dataset, connection.Query("SELECT comment FROM datasets WHERE database_name = ? "
                                     "AND name = ?",
                                     {database, name}));
  if (dataset.empty()) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(
      auto columns, connection.Query("SELECT name, comment FROM dataset_columns WHERE "
                                     "database_name = ? AND dataset_name = ? ORDER BY position",
                                     {database, name}));
  // Fields are separated by line breaks so that no search word matches across two of them.
  std::string words = database + "." + name + "\n" + dataset.Text(0, 0);
  std::string column_names;
  for (size_t i = 0; i < columns.size(); ++i) {
    words += "\n" + columns.Text(i, 0) + "\n" + columns.Text(i, 1);
    column_names += (i ? "\n" : "") + columns.Text(i, 0);
  }
  return connection
      .Query("INSERT INTO dataset_search(database_name, dataset_name, words, columns) "
             "VALUES (?, ?, ?, ?)",
             {database, name, LowerAscii(words), LowerAscii(column_names)})
      .status();
}

arrow::Status RefreshAllSearchEntries(SqlConnection& connection) {
  ARROW_ASSIGN_OR_RAISE(auto datasets,
                        connection.Query("SELECT database_name, name FROM datasets"));
  for (size_t i = 0; i < datasets.size(); ++i) {
    ARROW_RETURN_NOT_OK(
        RefreshSearchEntry(connection, datasets.Text(i, 0), datasets.Text(i, 1)));
  }
  return arrow::Status::OK();
}

std::string ContainsCondition(const SqlConnection& connection, const std::string& column,
                              const std::string& needle) {
  if (connection.dialect() != "sqlite") return column + " LIKE ? ESCAPE '!'";
  size_t characters = 0;
  for (unsigned char c : needle) characters += (c & 0xC0) != 0x80;
  // The FTS5 trigram index answers GLOB (LIKE … ESCAPE would scan) for needles of three
  // characters or more; shorter ones scan the entries (FTS5 3.40 misses multi-byte ones).
  if (characters < 3) return column + " GLOB ?";
  const std::string fts_column = column.substr(column.find('.') + 1);
  return "s.id IN (SELECT rowid FROM dataset_search_fts WHERE " + fts_column + " GLOB ?)";
}

std::string ContainsParameter(const SqlConnection& connection, const std::string& needle) {
  if (connection.dialect() != "sqlite") return ContainsPattern(needle);
  std::string pattern = "*";
  for (char c : LowerAscii(needle)) {
    if (c == '*' || c == '?' || c == '[') {
      pattern += std::string("[") + c + "]";
    } else {
      pattern.push_back(c);
    }
  }
  return pattern + "*";
}

arrow::Result<std::shared_ptr<arrow::Schema>> DecodedSchemas::Get(const std::string& text) {
  {
    std::lock_guard lock(mutex_);
    auto found = schemas_.find(text);
    if (found != schemas_.end()) return found->second;
  }
  ARROW_ASSIGN_OR_RAISE(auto schema, DecodeSchema(text));
  std::lock_guard lock(mutex_);
  if (schemas_.size() >= kMaxEntries) schemas_.clear();
  schemas_.emplace(text, schema);
  return schema;
}

std::string KindName(DatasetKind kind) { return kind == DatasetKind::kView ? "view" : "table"; }

DatasetKind ParseKind(const std::string& text) {
  return text == "view" ? DatasetKind::kView : DatasetKind::kTable;
}

std::string EncodeOptions(const std::map<std::string, std::string>& options) {
  return nlohmann::json(options).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

arrow::Result<std::map<std::string, std::string>> DecodeOptions(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::map<std::string, std::string>>();
  } catch (const std::exception& error) {
    return Error(ErrorCode::kInternal, std::string("corrupt format options: ") + error.what());
  }
}

std::string EncodeStrings(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

arrow::Result<std::vector<std::string>> DecodeStrings(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
  } catch (const std::exception& error) {
    return Error(ErrorCode::kInternal, std::string("corrupt string list: ") + error.what());
  }
}

std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '%' || c == '_' || c == '!') pattern.push_back('!');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace warden::catalog::internal
