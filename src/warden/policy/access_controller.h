#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/meta_store.h"
#include "warden/catalog/model.h"
#include "warden/sql/identifier.h"

namespace warden::policy {

/// Who is asking: the verified token's user and groups, and the roles they lead to.
struct Principal {
  std::string user;
  std::vector<std::string> groups;
  std::vector<std::string> roles;

  bool IsAdmin() const;
};

/// A dataset as one principal may see it (DESIGN §4): the visible columns and the row
/// filter that admits its rows. The planner binds user SQL against `visible_schema` only.
struct GovernedTable {
  catalog::DatasetInfo dataset;
  std::shared_ptr<arrow::Schema> visible_schema;
  std::optional<arrow::compute::Expression> row_filter;  // nullopt: every row
};

/// Decides what a principal may see and do. In this first version only `warden_admin`
/// holds privileges (grants arrive with the policy engine); everyone else sees nothing,
/// which is DESIGN §4's deny-by-absence. Thread-safe; reads the store on every call so that
/// policy changes apply to the next statement.
class AccessController {
 public:
  explicit AccessController(catalog::MetaStore* store) : store_(store) {}

  /// Resolves the roles of a verified identity.
  arrow::Result<Principal> ResolvePrincipal(const std::string& user,
                                            const std::vector<std::string>& groups) const;

  bool CanSeeDatabase(const Principal& principal, const std::string& database) const;

  /// Whether `dataset` (already read from the store) is visible to `principal`.
  bool CanSeeDataset(const Principal& principal, const catalog::DatasetInfo& dataset) const;

  /// The governed view of `table`; kCatalogNotFound if it is absent or invisible (the two
  /// are indistinguishable).
  arrow::Result<GovernedTable> GovernedView(const Principal& principal,
                                            const sql::QualifiedName& table) const;

  /// OK when `principal` may run DDL; kPermissionDenied otherwise.
  arrow::Status AuthorizeDdl(const Principal& principal) const;

 private:
  catalog::MetaStore* store_;
};

}  // namespace warden::policy
