#pragma once

#include <memory>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/meta_store.h"
#include "warden/policy/access_controller.h"
#include "warden/sql/governance.h"

namespace warden::planner {

/// Executes governance statements (DDL, SHOW, DESCRIBE) against the metadata store, under
/// the caller's privileges, and returns their result as a small table. Thread-safe.
class GovernanceExecutor {
 public:
  GovernanceExecutor(catalog::MetaStore* store, const policy::AccessController* access)
      : store_(store), access_(access) {}

  arrow::Result<std::shared_ptr<arrow::Table>> Execute(
      const policy::Principal& principal, const sql::GovernanceStatement& statement) const;

 private:
  template <typename T>
  arrow::Result<std::shared_ptr<arrow::Table>> Run(const policy::Principal& principal,
                                                   const T& statement) const;

  catalog::MetaStore* store_;
  const policy::AccessController* access_;
};

/// SQL LIKE with % and _, case-insensitive for ASCII (as SHOW … LIKE in Hive and Okera).
bool MatchesLikePattern(const std::string& text, const std::string& pattern);

}  // namespace warden::planner
