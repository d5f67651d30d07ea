#pragma once

#include <utility>

#include <arrow/result.h>

#include "warden/sql/logical_plan.h"
#include "warden/sql/query_ast.h"
#include "warden/sql/scope_internal.h"

namespace warden::sql::internal {

/// `FROM left, unnest(list) AS u(x)` and `left CROSS JOIN [LATERAL] unnest(list) u(x)`:
/// the list (an expression over `left`'s columns) is computed beside them and expanded
/// by an Unnest node, so each row of `left` is repeated once per element, and a row
/// whose list is NULL or empty is dropped. The element is column `x` of relation `u`
/// (default names: the alias, else `unnest`).
///
///   SELECT t.id, u.x FROM d.t t, unnest(t.tags) AS u(x)
///   => Unnest(_9 AS _10) <- Project[t's fields..., tags AS _9] <- Scan d.t
///
/// Errors: kSqlBind (names, not a list, too many column aliases).
arrow::Result<std::pair<PlanPtr, Scope>> BindLateralUnnest(PlanPtr left, Scope scope,
                                                           const FromItem& item,
                                                           NameGenerator& names);

}  // namespace warden::sql::internal
