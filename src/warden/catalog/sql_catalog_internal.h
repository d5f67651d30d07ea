#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/model.h"
#include "warden/catalog/sql_connection.h"

/// Queries and encodings shared by the parts of SqlMetaStore (sql_meta_store*.cc).
namespace warden::catalog::internal {

arrow::Result<bool> DatabaseExists(SqlConnection& connection, const std::string& name);
arrow::Status RequireDatabase(SqlConnection& connection, const std::string& name);

/// The kind of dataset `database.name`, nullopt when absent.
arrow::Result<std::optional<DatasetKind>> DatasetKindOf(SqlConnection& connection,
                                                        const std::string& database,
                                                        const std::string& name);

/// kCatalogNotFound unless `attribute` was created (CREATE ATTRIBUTE).
arrow::Status RequireAttribute(SqlConnection& connection, const AttributeName& attribute);

/// Increases the policy version (MetaStore::PolicyVersion) inside the caller's transaction:
/// every change of roles, members, grants and user attributes or groups calls it.
arrow::Status BumpPolicyVersion(SqlConnection& connection);

/// Inserts the dataset's columns, their attributes and the dataset's own attributes.
arrow::Status InsertColumnsAndAttributes(SqlConnection& connection, const DatasetInfo& dataset);

/// Rewrites the search entry of one dataset from its current rows (after CREATE, RENAME and
/// comment changes; DROP removes it by cascade).
arrow::Status RefreshSearchEntry(SqlConnection& connection, const std::string& database,
                                 const std::string& name);
/// Rebuilds every search entry (migration 3 on an existing store).
arrow::Status RefreshAllSearchEntries(SqlConnection& connection);

/// `column` contains `needle` (already lower-case), as a SQL condition with one parameter,
/// and that parameter: GLOB on SQLite (which its trigram index serves), LIKE on PostgreSQL.
std::string ContainsCondition(const SqlConnection& connection, const std::string& column,
                              const std::string& needle);
std::string ContainsParameter(const SqlConnection& connection, const std::string& needle);

/// ASCII lower case, as search entries and search text are compared.
std::string LowerAscii(std::string text);

/// Decoded dataset schemas by their stored text, shared by a store's calls: listing a large
/// database decodes each schema once per process rather than once per call. Bounded (cleared
/// when full). Thread-safe.
class DecodedSchemas {
 public:
  arrow::Result<std::shared_ptr<arrow::Schema>> Get(const std::string& text);

 private:
  static constexpr size_t kMaxEntries = 10000;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<arrow::Schema>> schemas_;  // GUARDED_BY(mutex_)
};

std::string KindName(DatasetKind kind);
DatasetKind ParseKind(const std::string& text);

std::string EncodeOptions(const std::map<std::string, std::string>& options);
arrow::Result<std::map<std::string, std::string>> DecodeOptions(const std::string& text);
std::string EncodeStrings(const std::vector<std::string>& values);
arrow::Result<std::vector<std::string>> DecodeStrings(const std::string& text);

/// `text` lower-cased (ASCII) and escaped for LIKE … ESCAPE '!' as a substring pattern.
std::string ContainsPattern(const std::string& text);

}  // namespace warden::catalog::internal
