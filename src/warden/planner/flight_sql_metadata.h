#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/meta_store.h"
#include "warden/policy/access_controller.h"

/// The results of Flight SQL's metadata commands (GetCatalogs, GetDbSchemas, GetTables,
/// GetTableTypes, GetSqlInfo, GetXdbcTypeInfo) in the exact schemas of the Flight SQL
/// specification, so that JDBC's DatabaseMetaData and ADBC's GetObjects read them.
/// Listings are governed: a database or dataset the caller cannot see is absent, and a
/// table's schema holds only the columns the caller may see (DESIGN §4).
namespace warden::planner {

/// Warden has one catalog; databases are Flight SQL's "db schemas".
inline constexpr const char* kFlightSqlCatalogName = "warden";

struct TablesRequest {
  std::optional<std::string> catalog;
  std::optional<std::string> schema_pattern;  // SQL LIKE pattern
  std::optional<std::string> table_pattern;   // SQL LIKE pattern
  std::vector<std::string> table_types;       // empty: every type
  bool include_schema = false;
};

/// Builds metadata results for one caller. Thread-safe (reads the store on each call).
class FlightSqlMetadata {
 public:
  FlightSqlMetadata(catalog::MetaStore* store, const policy::AccessController* access)
      : store_(store), access_(access) {}

  arrow::Result<std::shared_ptr<arrow::Table>> Catalogs() const;
  arrow::Result<std::shared_ptr<arrow::Table>> DbSchemas(
      const policy::Principal& principal, const std::optional<std::string>& catalog,
      const std::optional<std::string>& schema_pattern) const;
  arrow::Result<std::shared_ptr<arrow::Table>> Tables(const policy::Principal& principal,
                                                      const TablesRequest& request) const;
  static arrow::Result<std::shared_ptr<arrow::Table>> TableTypes();
  /// The requested SqlInfo ids Warden knows (all of them when `ids` is empty).
  static arrow::Result<std::shared_ptr<arrow::Table>> SqlInfo(
      const std::vector<uint32_t>& ids);
  /// The SQL types Warden's queries produce, or only `data_type` (a java.sql.Types code).
  static arrow::Result<std::shared_ptr<arrow::Table>> XdbcTypeInfo(
      std::optional<int32_t> data_type);

  /// The result schemas, as GetFlightInfo announces them before any data is read.
  static std::shared_ptr<arrow::Schema> CatalogsSchema();
  static std::shared_ptr<arrow::Schema> DbSchemasSchema();
  static std::shared_ptr<arrow::Schema> TablesSchema(bool include_schema);
  static std::shared_ptr<arrow::Schema> TableTypesSchema();
  static std::shared_ptr<arrow::Schema> SqlInfoSchema();
  static std::shared_ptr<arrow::Schema> XdbcTypeInfoSchema();

 private:
  /// The databases visible to `principal` whose names match `schema_pattern`, sorted.
  arrow::Result<std::vector<std::string>> VisibleDatabases(
      const policy::Principal& principal,
      const std::optional<std::string>& schema_pattern) const;

  catalog::MetaStore* store_;
  const policy::AccessController* access_;
};

}  // namespace warden::planner
