// SqlMetaStore: datasets (tables and views), their partitions, and dataset search.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <sstream>

#include "warden/catalog/sql_catalog_internal.h"
#include "warden/catalog/sql_meta_store.h"
#include "warden/common/arrow_codec.h"
#include "warden/common/error.h"

namespace warden::catalog {

using internal::DatasetKindOf;
using internal::RequireDatabase;

namespace {

constexpr const char* kDatasetColumns =
    "SELECT database_name, name, location, format, schema_ipc, owner, comment, "
    "created_at_ms, kind, view_sql, format_options, partition_columns, schema_declared "
    "FROM datasets ";

arrow::Result<DatasetInfo> ReadDatasetRow(const SqlRows& rows, size_t row,
                                          internal::DecodedSchemas* schemas) {
  DatasetInfo dataset;
  dataset.database = rows.Text(row, 0);
  dataset.name = rows.Text(row, 1);
  dataset.location = rows.Text(row, 2);
  dataset.format = rows.Text(row, 3);
  const auto& schema_text = rows.rows[row][4];
  if (!schema_text) return Error(ErrorCode::kInternal, "dataset without a stored schema");
  ARROW_ASSIGN_OR_RAISE(dataset.schema, schemas->Get(*schema_text));
  dataset.owner = rows.Text(row, 5);
  dataset.comment = rows.Text(row, 6);
  dataset.created_at_ms = rows.Int(row, 7);
  dataset.kind = internal::ParseKind(rows.Text(row, 8));
  dataset.view_sql = rows.Text(row, 9);
  ARROW_ASSIGN_OR_RAISE(dataset.format_options, internal::DecodeOptions(rows.Text(row, 10)));
  ARROW_ASSIGN_OR_RAISE(dataset.partition_columns,
                        internal::DecodeStrings(rows.Text(row, 11)));
  dataset.schema_declared = rows.Int(row, 12) != 0;
  return dataset;
}

/// Reads the datasets of `database` (all, or only `name`) with their column comments and
/// attributes: three queries whatever the number of datasets.
arrow::Result<std::vector<DatasetInfo>> ReadDatasets(SqlConnection& connection,
                                                     const std::string& database,
                                                     const std::optional<std::string>& name,
                                                     internal::DecodedSchemas* schemas) {
  std::vector<SqlValue> key = {database};
  std::string where = "WHERE database_name = ?";
  if (name) {
    key.push_back(*name);
    where += " AND ";
  }
  ARROW_ASSIGN_OR_RAISE(
      auto rows, connection.Query(std::string(kDatasetColumns) + where +
                                      (name ? "name = ?" : "") + " ORDER BY name",
                                  key));
  if (rows.empty()) return std::vector<DatasetInfo>{};
  const std::string child_where = where + (name ? "dataset_name = ?" : "");
  ARROW_ASSIGN_OR_RAISE(auto comments,
                        // Only commented columns: the rest have "" (a listing of a large
                        // database would otherwise read every column of every dataset).
                        connection.Query("SELECT dataset_name, name, comment FROM "
                                         "dataset_columns " +
                                             child_where + " AND comment <> ''",
                                         key));
  ARROW_ASSIGN_OR_RAISE(
      auto attributes,
      connection.Query("SELECT dataset_name, column_name, attr_namespace, attr_key FROM "
                       "dataset_attributes " +
                           child_where + " ORDER BY attr_namespace, attr_key",
                       key));
  // (dataset, column) -> comment / attributes; column "" is the dataset itself.
  std::map<std::pair<std::string, std::string>, std::string> comment_of;
  for (size_t i = 0; i < comments.size(); ++i) {
    comment_of[{comments.Text(i, 0), comments.Text(i, 1)}] = comments.Text(i, 2);
  }
  std::map<std::pair<std::string, std::string>, std::vector<AttributeName>> attributes_of;
  for (size_t i = 0; i < attributes.size(); ++i) {
    attributes_of[{attributes.Text(i, 0), attributes.Text(i, 1)}].push_back(
        {attributes.Text(i, 2), attributes.Text(i, 3)});
  }
  const auto find = [](const auto& map, const auto& key) {
    auto it = map.find(key);
    return it == map.end() ? typename std::decay_t<decltype(map)>::mapped_type{} : it->second;
  };
  std::vector<DatasetInfo> out;
  for (size_t row = 0; row < rows.size(); ++row) {
    ARROW_ASSIGN_OR_RAISE(auto dataset, ReadDatasetRow(rows, row, schemas));
    for (const auto& field : dataset.schema->fields()) {
      const std::pair<std::string, std::string> column_key{dataset.name, field->name()};
      dataset.columns.push_back(
          {field->name(), find(comment_of, column_key), find(attributes_of, column_key)});
    }
    dataset.attributes = find(attributes_of, std::make_pair(dataset.name, std::string()));
    out.push_back(std::move(dataset));
  }
  return out;
}

DatasetSummary ReadSummary(const SqlRows& rows, size_t i) {
  return {rows.Text(i, 0), rows.Text(i, 1), internal::ParseKind(rows.Text(i, 2)),
          rows.Text(i, 3), rows.Text(i, 4)};
}

arrow::Status NotFound(const std::string& database, const std::string& name) {
  return Error(ErrorCode::kCatalogNotFound, "table " + database + "." + name + " not found");
}

}  // namespace

arrow::Status SqlMetaStore::CreateDataset(const DatasetInfo& dataset, bool if_not_exists,
                                          const std::vector<PartitionInfo>& partitions) {
  if (dataset.schema == nullptr) {
    return Error(ErrorCode::kInternal, "dataset " + dataset.QualifiedName() + " has no schema");
  }
  ARROW_ASSIGN_OR_RAISE(auto schema_text, EncodeSchema(*dataset.schema));
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireDatabase(connection, dataset.database));
    ARROW_ASSIGN_OR_RAISE(auto existing,
                          DatasetKindOf(connection, dataset.database, dataset.name));
    if (existing) {
      if (if_not_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogAlreadyExists,
                   internal::KindName(*existing) + " " + dataset.QualifiedName() +
                       " already exists");
    }
    ARROW_RETURN_NOT_OK(
        connection
            .Query("INSERT INTO datasets(database_name, name, location, format, schema_ipc, "
                   "owner, comment, created_at_ms, kind, view_sql, format_options, "
                   "partition_columns, schema_declared) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {dataset.database, dataset.name, dataset.location, dataset.format,
                    schema_text, dataset.owner, dataset.comment, dataset.created_at_ms,
                    internal::KindName(dataset.kind), dataset.view_sql,
                    internal::EncodeOptions(dataset.format_options),
                    internal::EncodeStrings(dataset.partition_columns),
                    int64_t{dataset.schema_declared ? 1 : 0}})
            .status());
    ARROW_RETURN_NOT_OK(internal::InsertColumnsAndAttributes(connection, dataset));
    ARROW_RETURN_NOT_OK(internal::RefreshSearchEntry(connection, dataset.database, dataset.name));
    for (const auto& partition : partitions) {
      ARROW_RETURN_NOT_OK(
          connection
              .Query("INSERT INTO partitions(database_name, dataset_name, path, "
                     "partition_values) VALUES (?, ?, ?, ?)",
                     {dataset.database, dataset.name, partition.path,
                      internal::EncodeStrings(partition.values)})
              .status());
    }
    return arrow::Status::OK();
  });
}

arrow::Status SqlMetaStore::DropDataset(const std::string& database, const std::string& name,
                                        bool if_exists, std::optional<DatasetKind> kind) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto existing, DatasetKindOf(connection, database, name));
    if (!existing) {
      if (if_exists) return arrow::Status::OK();
      return NotFound(database, name);
    }
    if (kind && *kind != *existing) {
      return Error(ErrorCode::kInvalidArgument,
                   database + "." + name + " is a " + internal::KindName(*existing) +
                       ", not a " + internal::KindName(*kind) + " (use DROP " +
                       (*existing == DatasetKind::kView ? "VIEW" : "TABLE") + ")");
    }
    return connection
        .Query("DELETE FROM datasets WHERE database_name = ? AND name = ?", {database, name})
        .status();
  });
}

arrow::Status SqlMetaStore::RenameDataset(const std::string& database, const std::string& name,
                                          const std::string& new_database,
                                          const std::string& new_name) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto existing, DatasetKindOf(connection, database, name));
    if (!existing) return NotFound(database, name);
    ARROW_RETURN_NOT_OK(RequireDatabase(connection, new_database));
    ARROW_ASSIGN_OR_RAISE(auto taken, DatasetKindOf(connection, new_database, new_name));
    if (taken) {
      return Error(ErrorCode::kCatalogAlreadyExists,
                   new_database + "." + new_name + " already exists");
    }
    // Columns, attributes and partitions follow (ON UPDATE CASCADE).
    ARROW_RETURN_NOT_OK(
        connection
            .Query("UPDATE datasets SET database_name = ?, name = ? WHERE database_name = ? AND "
                   "name = ?",
                   {new_database, new_name, database, name})
            .status());
    return internal::RefreshSearchEntry(connection, new_database, new_name);
  });
}

arrow::Result<std::vector<DatasetInfo>> SqlMetaStore::ListDatasets(
    const std::string& database) {
  std::vector<DatasetInfo> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireDatabase(connection, database));
    ARROW_ASSIGN_OR_RAISE(out, ReadDatasets(connection, database, std::nullopt, &schemas_));
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Result<std::optional<DatasetInfo>> SqlMetaStore::GetDataset(const std::string& database,
                                                                   const std::string& name) {
  std::optional<DatasetInfo> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto found, ReadDatasets(connection, database, name, &schemas_));
    out.reset();
    if (!found.empty()) out = std::move(found.front());
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Result<std::vector<DatasetSummary>> SqlMetaStore::ListDatasetSummaries(
    const std::string& database) {
  std::vector<DatasetSummary> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireDatabase(connection, database));
    ARROW_ASSIGN_OR_RAISE(
        auto rows, connection.Query("SELECT database_name, name, kind, comment, owner FROM "
                                    "datasets WHERE database_name = ? ORDER BY name",
                                    {database}));
    out.clear();
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(ReadSummary(rows, i));
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Result<std::vector<DatasetAttributes>> SqlMetaStore::ListDatasetAttributes(
    const std::string& database, bool all_columns) {
  std::vector<DatasetAttributes> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    out.clear();
    ARROW_RETURN_NOT_OK(RequireDatabase(connection, database));
    ARROW_ASSIGN_OR_RAISE(
        auto attributes,
        connection.Query("SELECT dataset_name, column_name, attr_namespace, attr_key FROM "
                         "dataset_attributes WHERE database_name = ? "
                         "ORDER BY attr_namespace, attr_key",
                         {database}));
    // dataset -> column ("" for the dataset itself) -> attributes; few rows.
    std::map<std::string, std::map<std::string, std::vector<AttributeName>>> assigned;
    for (size_t i = 0; i < attributes.size(); ++i) {
      assigned[attributes.Text(i, 0)][attributes.Text(i, 1)].push_back(
          {attributes.Text(i, 2), attributes.Text(i, 3)});
    }
    const auto start = [&](const std::string& name) -> DatasetAttributes& {
      out.push_back({name, {}, {}});
      auto it = assigned.find(name);
      if (it != assigned.end()) {
        auto own = it->second.find("");
        if (own != it->second.end()) out.back().attributes = own->second;
      }
      return out.back();
    };
    if (!all_columns) {
      for (auto& [name, columns] : assigned) {
        auto& dataset = start(name);
        for (auto& [column, values] : columns) {
          if (!column.empty()) dataset.columns.push_back({column, "", std::move(values)});
        }
      }
      return arrow::Status::OK();
    }
    // Every column: rows come grouped by dataset, in order.
    ARROW_ASSIGN_OR_RAISE(
        auto columns, connection.Query("SELECT dataset_name, name FROM dataset_columns WHERE "
                                       "database_name = ? ORDER BY dataset_name, position",
                                       {database}));
    const std::map<std::string, std::vector<AttributeName>> none;
    const std::map<std::string, std::vector<AttributeName>>* of_dataset = &none;
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::string& name = *columns.rows[i][0];
      if (out.empty() || out.back().name != name) {
        start(name);
        auto it = assigned.find(name);
        of_dataset = it == assigned.end() ? &none : &it->second;
      }
      ColumnInfo column{*columns.rows[i][1], "", {}};
      auto it = of_dataset->find(column.name);
      if (it != of_dataset->end()) column.attributes = it->second;
      out.back().columns.push_back(std::move(column));
    }
    return arrow::Status::OK();
  }));
  // Sorted by name as the other listings (the driver's collation may differ).
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

arrow::Status SqlMetaStore::ReplacePartitions(const std::string& database,
                                              const std::string& name,
                                              const std::vector<PartitionInfo>& partitions) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto existing, DatasetKindOf(connection, database, name));
    if (!existing) return NotFound(database, name);
    ARROW_RETURN_NOT_OK(
        connection
            .Query("DELETE FROM partitions WHERE database_name = ? AND dataset_name = ?",
                   {database, name})
            .status());
    for (const auto& partition : partitions) {
      ARROW_RETURN_NOT_OK(
          connection
              .Query("INSERT INTO partitions(database_name, dataset_name, path, "
                     "partition_values) VALUES (?, ?, ?, ?)",
                     {database, name, partition.path, internal::EncodeStrings(partition.values)})
              .status());
    }
    return arrow::Status::OK();
  });
}

arrow::Result<std::vector<PartitionInfo>> SqlMetaStore::ListPartitions(
    const std::string& database, const std::string& name) {
  std::vector<PartitionInfo> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto existing, DatasetKindOf(connection, database, name));
    if (!existing) return NotFound(database, name);
    ARROW_ASSIGN_OR_RAISE(
        auto rows, connection.Query("SELECT path, partition_values FROM partitions WHERE "
                                    "database_name = ? AND dataset_name = ? ORDER BY path",
                                    {database, name}));
    out.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      ARROW_ASSIGN_OR_RAISE(auto values, internal::DecodeStrings(rows.Text(i, 1)));
      out.push_back({rows.Text(i, 0), std::move(values)});
    }
    return arrow::Status::OK();
  }));
  return out;
}

namespace {

/// Beyond this many index hits for every word, a search walks the datasets in result order
/// instead: the first page is then found long before the hits would have been sorted.
constexpr int64_t kBroadSearchHits = 500;

/// SQLite only: whether each needle occurs in at least kBroadSearchHits entries of `column`
/// of the search index (PostgreSQL's planner weighs this itself).
arrow::Result<bool> AllBroad(SqlConnection& connection, const std::string& column,
                             const std::vector<std::string>& needles) {
  for (const auto& needle : needles) {
    const std::string condition = internal::ContainsCondition(connection, column, needle);
    if (condition.find("dataset_search_fts") == std::string::npos) continue;  // scans anyway
    ARROW_ASSIGN_OR_RAISE(
        auto count,
        connection.Query("SELECT COUNT(*) FROM (SELECT 1 FROM dataset_search_fts WHERE " +
                             column.substr(column.find('.') + 1) + " GLOB ? LIMIT ?)",
                         {internal::ContainsParameter(connection, needle), kBroadSearchHits}));
    if (count.Int(0, 0) < kBroadSearchHits) return false;
  }
  return true;
}

}  // namespace

arrow::Result<std::vector<DatasetSummary>> SqlMetaStore::SearchDatasets(
    const DatasetSearch& search) {
  if (search.limit < 0 || search.offset < 0) {
    return Error(ErrorCode::kInvalidArgument, "search LIMIT and OFFSET must not be negative");
  }
  std::vector<std::string> words;
  std::istringstream split(search.text);
  for (std::string word; split >> word;) words.push_back(internal::LowerAscii(word));
  const bool by_text = !words.empty() || search.column.has_value();
  std::vector<DatasetSummary> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    out.clear();
    std::vector<SqlValue> params;
    std::string sql;
    if (!by_text && search.attribute) {
      // Page over the narrow attribute table, then read the page's datasets by key.
      sql = "SELECT d.database_name, d.name, d.kind, d.comment, d.owner FROM datasets d JOIN "
            "(SELECT DISTINCT database_name, dataset_name FROM dataset_attributes WHERE "
            "attr_namespace = ? AND attr_key = ?";
      params = {search.attribute->name_space, search.attribute->key};
      if (search.database) {
        sql += " AND database_name = ?";
        params.push_back(*search.database);
      }
      sql += " ORDER BY database_name, dataset_name LIMIT ? OFFSET ?) a ON d.database_name = "
             "a.database_name AND d.name = a.dataset_name ORDER BY d.database_name, d.name";
      params.emplace_back(search.limit);
      params.emplace_back(search.offset);
      ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query(sql, params));
      for (size_t i = 0; i < rows.size(); ++i) out.push_back(ReadSummary(rows, i));
      return arrow::Status::OK();
    }
    // One statement built from the criteria given; every value is a bound parameter. Words
    // and column names are found through the search index (dataset_search).
    bool walk = false;
    if (by_text && connection.dialect() == "sqlite") {
      ARROW_ASSIGN_OR_RAISE(bool words_broad, AllBroad(connection, "s.words", words));
      std::vector<std::string> columns;
      if (search.column) columns.push_back(internal::LowerAscii(*search.column));
      ARROW_ASSIGN_OR_RAISE(bool columns_broad, AllBroad(connection, "s.columns", columns));
      walk = words_broad && columns_broad;
    }
    const auto contains = [&](const std::string& column, const std::string& needle) {
      // Walking in result order tests each entry directly rather than asking the index.
      return walk ? column + " GLOB ?" : internal::ContainsCondition(connection, column, needle);
    };
    sql = "SELECT d.database_name, d.name, d.kind, d.comment, d.owner FROM datasets d";
    if (by_text) {
      sql += " JOIN dataset_search s ON s.database_name = d.database_name AND "
             "s.dataset_name = d.name";
    }
    sql += " WHERE 1 = 1";
    for (const auto& word : words) {
      sql += " AND " + contains("s.words", word);
      params.push_back(internal::ContainsParameter(connection, word));
    }
    if (search.column) {
      const std::string column = internal::LowerAscii(*search.column);
      sql += " AND " + contains("s.columns", column);
      params.push_back(internal::ContainsParameter(connection, column));
    }
    if (search.attribute) {
      sql += " AND EXISTS (SELECT 1 FROM dataset_attributes x WHERE x.database_name = "
             "d.database_name AND x.dataset_name = d.name AND x.attr_namespace = ? AND "
             "x.attr_key = ?)";
      params.insert(params.end(), {search.attribute->name_space, search.attribute->key});
    }
    if (search.database) {
      sql += " AND d.database_name = ?";
      params.push_back(*search.database);
    }
    sql += " ORDER BY d.database_name, d.name LIMIT ? OFFSET ?";
    params.emplace_back(search.limit);
    params.emplace_back(search.offset);
    ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query(sql, params));
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(ReadSummary(rows, i));
    return arrow::Status::OK();
  }));
  return out;
}

}  // namespace warden::catalog
