#pragma once

#include <string>

#include <arrow/result.h>
#include <nlohmann/json.hpp>

namespace warden::rest {

/// The GRANT (or REVOKE) statement of DESIGN §5 that a grant resource describes:
///   {"privilege":"SELECT","columns":["a"],"scope":"table","object":"db.t",
///    "having_attributes":["pii.ccn"],"having_not":false,"where":"region = 'EU'",
///    "transforms":[{"target":"ccn","function":"mask_ccn()"}],"role":"analyst"}
/// or {"sql":"GRANT …"} taken as written. Names are quoted; `where` and the transform
/// functions are SQL expressions, parsed by the planner. kInvalidArgument for a malformed
/// resource.
arrow::Result<std::string> GrantStatement(const nlohmann::json& grant, bool revoke);

}  // namespace warden::rest
