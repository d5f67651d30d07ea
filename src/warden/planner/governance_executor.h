#pragma once

#include <functional>
#include <memory>
#include <string>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/meta_store.h"
#include "warden/policy/access_controller.h"
#include "warden/sql/governance.h"

namespace warden::planner {

/// Binds the query of CREATE VIEW as `definer` and returns its output schema, or the
/// binder's error (a missing table is kCatalogNotFound). An output field that reads one
/// base column unchanged names it in field metadata (kSourceDatabaseKey, kSourceTableKey,
/// kSourceColumnKey); the view inherits that column's attributes.
using ViewValidator = std::function<arrow::Result<std::shared_ptr<arrow::Schema>>(
    const std::string& sql, const policy::Principal& definer)>;

inline constexpr const char* kSourceDatabaseKey = "warden.source_database";
inline constexpr const char* kSourceTableKey = "warden.source_table";
inline constexpr const char* kSourceColumnKey = "warden.source_column";

/// Executes governance statements (DDL, SHOW, DESCRIBE, SEARCH) against the metadata store,
/// under the caller's privileges, and returns their result as a small table of strings.
/// Thread-safe once built; set_view_validator must be called before Execute runs.
class GovernanceExecutor {
 public:
  GovernanceExecutor(catalog::MetaStore* store, const policy::AccessController* access,
                     ViewValidator validate_view = nullptr)
      : store_(store), access_(access), validate_view_(std::move(validate_view)) {}

  /// Enables CREATE VIEW (without a validator it is refused with kSqlUnsupported).
  void set_view_validator(ViewValidator validate_view) {
    validate_view_ = std::move(validate_view);
  }

  arrow::Result<std::shared_ptr<arrow::Table>> Execute(
      const policy::Principal& principal, const sql::GovernanceStatement& statement) const;

 private:
  catalog::MetaStore* store_;
  const policy::AccessController* access_;
  ViewValidator validate_view_;
};

/// SQL LIKE with % and _, case-insensitive for ASCII (as SHOW … LIKE in Hive and Okera).
/// With `escape` ('\\' for Flight SQL filter patterns), the escaped character is literal.
bool MatchesLikePattern(const std::string& text, const std::string& pattern,
                        char escape = '\0');

}  // namespace warden::planner
