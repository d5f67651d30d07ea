#include "warden/planner/flight_sql_metadata.h"

#include "warden/planner/governance_executor.h"

#include <algorithm>

#include <arrow/api.h>
#include <arrow/ipc/api.h>
#include <arrow/json/from_string.h>
#include <arrow/util/config.h>
#include <nlohmann/json.hpp>

#include "warden/common/error.h"

namespace warden::planner {

namespace {

using nlohmann::json;

/// A table of `schema` from rows given as JSON objects keyed by field name.
arrow::Result<std::shared_ptr<arrow::Table>> TableFromRows(
    const std::shared_ptr<arrow::Schema>& schema, const json& rows) {
  auto type = arrow::struct_(schema->fields());
  ARROW_ASSIGN_OR_RAISE(auto array, arrow::json::ArrayFromJSONString(type, rows.dump()));
  ARROW_ASSIGN_OR_RAISE(auto batch, arrow::RecordBatch::FromStructArray(array));
  // FromStructArray drops nullability and metadata: put the declared schema back.
  return arrow::Table::Make(schema, batch->columns(), batch->num_rows());
}

/// Flight SQL filter patterns are LIKE patterns whose backslash escapes a wildcard (the search
/// string escape GetSqlInfo announces, which JDBC tools put before '_' in names).
bool Matches(const std::optional<std::string>& pattern, const std::string& text) {
  return !pattern.has_value() || MatchesLikePattern(text, *pattern, '\\');
}

std::string TableTypeOf(const catalog::DatasetSummary& dataset) {
  return dataset.kind == catalog::DatasetKind::kView ? "VIEW" : "TABLE";
}

// SqlInfo ids of the Flight SQL specification (FlightSql.proto, enum SqlInfo).
enum SqlInfoId : uint32_t {
  kServerName = 0,
  kServerVersion = 1,
  kServerArrowVersion = 2,
  kServerReadOnly = 3,
  kServerSql = 4,
  kServerSubstrait = 5,
  kServerTransaction = 8,
  kServerCancel = 9,
  kDdlCatalog = 500,
  kDdlSchema = 501,
  kDdlTable = 502,
  kIdentifierCase = 503,
  kIdentifierQuoteChar = 504,
  kQuotedIdentifierCase = 505,
  kAllTablesAreSelectable = 506,
  kSupportsColumnAliasing = 508,
  kNullPlusNullIsNull = 509,
  kSearchStringEscape = 531,
  kSchemaTerm = 539,
  kCatalogTerm = 541,
  kCatalogAtStart = 542,
};

// The union members of SqlInfo values (type codes are the child positions).
constexpr int8_t kStringValue = 0;
constexpr int8_t kBoolValue = 1;
constexpr int8_t kInt32Bitmask = 3;

// SqlSupportedCaseSensitivity: unquoted identifiers fold to lower case; quoted keep theirs.
constexpr int kCaseInsensitive = 1;
constexpr int kLowercase = 3;

/// (id, [type code, value]) for every SqlInfo Warden answers, sorted by id.
std::vector<std::pair<uint32_t, json>> KnownSqlInfo() {
  return {
      {kServerName, {kStringValue, "Warden"}},
      {kServerVersion, {kStringValue, WARDEN_VERSION}},
      {kServerArrowVersion, {kStringValue, ARROW_VERSION_STRING}},
      {kServerReadOnly, {kBoolValue, false}},
      {kServerSql, {kBoolValue, true}},
      {kServerSubstrait, {kBoolValue, false}},
      {kServerTransaction, {kInt32Bitmask, 0}},  // SQL_SUPPORTED_TRANSACTION_NONE
      {kServerCancel, {kBoolValue, false}},
      {kDdlCatalog, {kBoolValue, false}},
      {kDdlSchema, {kBoolValue, true}},
      {kDdlTable, {kBoolValue, true}},
      {kIdentifierCase, {kInt32Bitmask, kLowercase}},
      {kIdentifierQuoteChar, {kStringValue, "\""}},
      {kQuotedIdentifierCase, {kInt32Bitmask, kCaseInsensitive}},
      {kAllTablesAreSelectable, {kBoolValue, true}},
      {kSupportsColumnAliasing, {kBoolValue, true}},
      {kNullPlusNullIsNull, {kBoolValue, true}},
      {kSearchStringEscape, {kStringValue, "\\"}},
      {kSchemaTerm, {kStringValue, "database"}},
      {kCatalogTerm, {kStringValue, "catalog"}},
      {kCatalogAtStart, {kBoolValue, true}},
  };
}

struct XdbcType {
  const char* name;
  int32_t data_type;  // java.sql.Types
  std::optional<int32_t> column_size;
  const char* literal_prefix;  // nullptr: none
  bool case_sensitive;
  std::optional<bool> unsigned_attribute;
  bool fixed_prec_scale;
  std::optional<int32_t> minimum_scale;
  std::optional<int32_t> maximum_scale;
  std::optional<int32_t> num_prec_radix;
};

/// The types of Warden's query results, ordered by data_type then name (as JDBC wants).
const std::vector<XdbcType>& KnownTypes() {
  static const std::vector<XdbcType> types = {
      {"BIGINT", -5, 19, nullptr, false, false, true, 0, 0, 10},
      {"VARBINARY", -3, std::nullopt, "X'", false, std::nullopt, false, {}, {}, {}},
      {"TINYINT", -6, 3, nullptr, false, false, true, 0, 0, 10},
      {"DECIMAL", 3, 38, nullptr, false, false, true, 0, 38, 10},
      {"INTEGER", 4, 10, nullptr, false, false, true, 0, 0, 10},
      {"SMALLINT", 5, 5, nullptr, false, false, true, 0, 0, 10},
      {"REAL", 7, 7, nullptr, false, false, false, {}, {}, 2},
      {"DOUBLE", 8, 15, nullptr, false, false, false, {}, {}, 2},
      {"VARCHAR", 12, std::nullopt, "'", true, std::nullopt, false, {}, {}, {}},
      {"BOOLEAN", 16, 1, nullptr, false, std::nullopt, false, {}, {}, {}},
      {"DATE", 91, 10, "DATE '", false, std::nullopt, false, {}, {}, {}},
      {"TIMESTAMP", 93, 26, "TIMESTAMP '", false, std::nullopt, false, {}, {}, {}},
  };
  return types;
}

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value.has_value() ? json(*value) : json(nullptr);
}

}  // namespace

std::shared_ptr<arrow::Schema> FlightSqlMetadata::CatalogsSchema() {
  return arrow::schema({arrow::field("catalog_name", arrow::utf8(), false)});
}

std::shared_ptr<arrow::Schema> FlightSqlMetadata::DbSchemasSchema() {
  return arrow::schema({arrow::field("catalog_name", arrow::utf8()),
                        arrow::field("db_schema_name", arrow::utf8(), false)});
}

std::shared_ptr<arrow::Schema> FlightSqlMetadata::TablesSchema(bool include_schema) {
  arrow::FieldVector fields = {arrow::field("catalog_name", arrow::utf8()),
                               arrow::field("db_schema_name", arrow::utf8()),
                               arrow::field("table_name", arrow::utf8(), false),
                               arrow::field("table_type", arrow::utf8(), false)};
  if (include_schema) fields.push_back(arrow::field("table_schema", arrow::binary(), false));
  return arrow::schema(std::move(fields));
}

std::shared_ptr<arrow::Schema> FlightSqlMetadata::TableTypesSchema() {
  return arrow::schema({arrow::field("table_type", arrow::utf8(), false)});
}

std::shared_ptr<arrow::Schema> FlightSqlMetadata::SqlInfoSchema() {
  auto value = arrow::dense_union(
      {arrow::field("string_value", arrow::utf8()), arrow::field("bool_value", arrow::boolean()),
       arrow::field("bigint_value", arrow::int64()),
       arrow::field("int32_bitmask", arrow::int32()),
       arrow::field("string_list", arrow::list(arrow::utf8())),
       arrow::field("int32_to_int32_list_map",
                    arrow::map(arrow::int32(), arrow::list(arrow::int32())))});
  return arrow::schema({arrow::field("info_name", arrow::uint32(), false),
                        arrow::field("value", value, false)});
}

std::shared_ptr<arrow::Schema> FlightSqlMetadata::XdbcTypeInfoSchema() {
  using arrow::field;
  return arrow::schema({
      field("type_name", arrow::utf8(), false),
      field("data_type", arrow::int32(), false),
      field("column_size", arrow::int32()),
      field("literal_prefix", arrow::utf8()),
      field("literal_suffix", arrow::utf8()),
      field("create_params", arrow::list(field("item", arrow::utf8(), false))),
      field("nullable", arrow::int32(), false),
      field("case_sensitive", arrow::boolean(), false),
      field("searchable", arrow::int32(), false),
      field("unsigned_attribute", arrow::boolean()),
      field("fixed_prec_scale", arrow::boolean(), false),
      field("auto_increment", arrow::boolean()),
      field("local_type_name", arrow::utf8()),
      field("minimum_scale", arrow::int32()),
      field("maximum_scale", arrow::int32()),
      field("sql_data_type", arrow::int32(), false),
      field("datetime_subcode", arrow::int32()),
      field("num_prec_radix", arrow::int32()),
      field("interval_precision", arrow::int32()),
  });
}

arrow::Result<std::shared_ptr<arrow::Table>> FlightSqlMetadata::Catalogs() const {
  return TableFromRows(CatalogsSchema(),
                       json::array({{{"catalog_name", kFlightSqlCatalogName}}}));
}

arrow::Result<std::vector<std::string>> FlightSqlMetadata::VisibleDatabases(
    const policy::Principal& principal,
    const std::optional<std::string>& schema_pattern) const {
  ARROW_ASSIGN_OR_RAISE(auto databases, store_->ListDatabases());
  std::vector<std::string> names;
  for (const auto& database : databases) {
    if (!Matches(schema_pattern, database.name)) continue;
    if (!access_->CanSeeDatabase(principal, database.name)) continue;
    names.push_back(database.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

arrow::Result<std::shared_ptr<arrow::Table>> FlightSqlMetadata::DbSchemas(
    const policy::Principal& principal, const std::optional<std::string>& catalog,
    const std::optional<std::string>& schema_pattern) const {
  json rows = json::array();
  // A catalog filter other than Warden's own (or "") matches nothing.
  if (!catalog.has_value() || catalog->empty() || *catalog == kFlightSqlCatalogName) {
    ARROW_ASSIGN_OR_RAISE(auto names, VisibleDatabases(principal, schema_pattern));
    for (const auto& name : names) {
      rows.push_back({{"catalog_name", kFlightSqlCatalogName}, {"db_schema_name", name}});
    }
  }
  return TableFromRows(DbSchemasSchema(), rows);
}

arrow::Result<std::shared_ptr<arrow::Table>> FlightSqlMetadata::Tables(
    const policy::Principal& principal, const TablesRequest& request) const {
  const auto schema = TablesSchema(request.include_schema);
  arrow::StringBuilder catalogs, databases, names, types;
  arrow::BinaryBuilder schemas;
  const bool any_catalog = !request.catalog.has_value() || request.catalog->empty() ||
                           *request.catalog == kFlightSqlCatalogName;
  std::vector<std::string> database_names;
  if (any_catalog) {
    ARROW_ASSIGN_OR_RAISE(database_names, VisibleDatabases(principal, request.schema_pattern));
  }
  for (const auto& database : database_names) {
    auto datasets = store_->ListDatasetSummaries(database);
    if (!datasets.ok() && ErrorCodeOf(datasets.status()) == ErrorCode::kCatalogNotFound) continue;
    ARROW_RETURN_NOT_OK(datasets.status());
    for (const auto& summary : *datasets) {
      if (!Matches(request.table_pattern, summary.name)) continue;
      const std::string type = TableTypeOf(summary);
      if (!request.table_types.empty() &&
          std::find(request.table_types.begin(), request.table_types.end(), type) ==
              request.table_types.end()) {
        continue;
      }
      // The governed view decides visibility and the columns shown; an invisible dataset
      // fails exactly like an absent one and is skipped.
      auto governed = access_->GovernedView(principal, {summary.database, summary.name});
      if (!governed.ok()) {
        if (ErrorCodeOf(governed.status()) == ErrorCode::kCatalogNotFound) continue;
        return governed.status();
      }
      ARROW_RETURN_NOT_OK(catalogs.Append(kFlightSqlCatalogName));
      ARROW_RETURN_NOT_OK(databases.Append(summary.database));
      ARROW_RETURN_NOT_OK(names.Append(summary.name));
      ARROW_RETURN_NOT_OK(types.Append(type));
      if (request.include_schema) {
        ARROW_ASSIGN_OR_RAISE(auto bytes,
                              arrow::ipc::SerializeSchema(*governed->visible_schema));
        ARROW_RETURN_NOT_OK(schemas.Append(bytes->data(), bytes->size()));
      }
    }
  }
  arrow::ArrayVector columns(4);
  ARROW_RETURN_NOT_OK(catalogs.Finish(&columns[0]));
  ARROW_RETURN_NOT_OK(databases.Finish(&columns[1]));
  ARROW_RETURN_NOT_OK(names.Finish(&columns[2]));
  ARROW_RETURN_NOT_OK(types.Finish(&columns[3]));
  if (request.include_schema) {
    columns.emplace_back();
    ARROW_RETURN_NOT_OK(schemas.Finish(&columns.back()));
  }
  return arrow::Table::Make(schema, columns);
}

arrow::Result<std::shared_ptr<arrow::Table>> FlightSqlMetadata::TableTypes() {
  return TableFromRows(TableTypesSchema(),
                       json::array({{{"table_type", "TABLE"}}, {{"table_type", "VIEW"}}}));
}

arrow::Result<std::shared_ptr<arrow::Table>> FlightSqlMetadata::SqlInfo(
    const std::vector<uint32_t>& ids) {
  json rows = json::array();
  for (const auto& [id, value] : KnownSqlInfo()) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    rows.push_back({{"info_name", id}, {"value", value}});
  }
  return TableFromRows(SqlInfoSchema(), rows);
}

arrow::Result<std::shared_ptr<arrow::Table>> FlightSqlMetadata::XdbcTypeInfo(
    std::optional<int32_t> data_type) {
  constexpr int kNullable = 1;    // java.sql.DatabaseMetaData.typeNullable
  constexpr int kSearchable = 3;  // typeSearchable
  std::vector<XdbcType> types = KnownTypes();
  std::stable_sort(types.begin(), types.end(), [](const XdbcType& a, const XdbcType& b) {
    return a.data_type < b.data_type;
  });
  json rows = json::array();
  for (const auto& type : types) {
    if (data_type.has_value() && *data_type != type.data_type) continue;
    const bool quoted = type.literal_prefix != nullptr;
    rows.push_back({
        {"type_name", type.name},
        {"data_type", type.data_type},
        {"column_size", OrNull(type.column_size)},
        {"literal_prefix", quoted ? json(type.literal_prefix) : json(nullptr)},
        {"literal_suffix", quoted ? json("'") : json(nullptr)},
        {"create_params", std::string(type.name) == "DECIMAL"
                              ? json::array({"precision", "scale"})
                              : json(nullptr)},
        {"nullable", kNullable},
        {"case_sensitive", type.case_sensitive},
        {"searchable", kSearchable},
        {"unsigned_attribute", OrNull(type.unsigned_attribute)},
        {"fixed_prec_scale", type.fixed_prec_scale},
        {"auto_increment", false},
        {"local_type_name", type.name},
        {"minimum_scale", OrNull(type.minimum_scale)},
        {"maximum_scale", OrNull(type.maximum_scale)},
        {"sql_data_type", type.data_type},
        {"datetime_subcode", nullptr},
        {"num_prec_radix", OrNull(type.num_prec_radix)},
        {"interval_precision", nullptr},
    });
  }
  return TableFromRows(XdbcTypeInfoSchema(), rows);
}

}  // namespace warden::planner
