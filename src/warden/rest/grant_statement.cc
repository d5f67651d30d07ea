#include "warden/rest/grant_statement.h"

#include <regex>

#include "warden/common/error.h"
#include "warden/rest/http_errors.h"

namespace warden::rest {

namespace {

arrow::Status Invalid(const std::string& message) {
  return Error(ErrorCode::kInvalidArgument, message);
}

std::string Text(const nlohmann::json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

arrow::Result<std::string> ObjectName(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t dot = text.find('.', start);
    const std::string part = text.substr(start, dot == std::string::npos ? dot : dot - start);
    if (part.empty()) return Invalid("object names are written db or db.name");
    if (!out.empty()) out += ".";
    out += QuoteIdentifier(part);
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

arrow::Result<std::string> GrantStatement(const nlohmann::json& grant, bool revoke) {
  if (!grant.is_object()) return Invalid("the body must be a JSON object");
  const std::string written = Text(grant, "sql");
  if (!written.empty()) {
    static const std::regex kVerb(revoke ? "\\s*REVOKE\\s[\\s\\S]*" : "\\s*GRANT\\s[\\s\\S]*",
                                  std::regex::icase);
    if (!std::regex_match(written, kVerb)) {
      return Invalid(std::string("sql must be a ") + (revoke ? "REVOKE" : "GRANT") +
                     " statement");
    }
    return written;
  }
  static const std::regex kPrivilege("SELECT|INSERT|ALTER|DROP|CREATE|ALL",
                                     std::regex::icase);
  const std::string privilege = Text(grant, "privilege");
  if (!std::regex_match(privilege, kPrivilege)) {
    return Invalid("privilege must be one of SELECT, INSERT, ALTER, DROP, CREATE, ALL");
  }
  const std::string role = Text(grant, "role");
  if (role.empty()) return Invalid("field 'role' is required");
  std::string sql = (revoke ? "REVOKE " : "GRANT ") + privilege;
  for (auto& c : sql) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (grant.contains("columns") && grant["columns"].is_array() && !grant["columns"].empty()) {
    sql += " (";
    for (size_t i = 0; i < grant["columns"].size(); ++i) {
      if (!grant["columns"][i].is_string()) return Invalid("columns must be strings");
      sql += (i ? ", " : "") + QuoteIdentifier(grant["columns"][i].get<std::string>());
    }
    sql += ")";
  }
  const std::string scope = Text(grant, "scope");
  if (scope == "catalog") {
    sql += " ON CATALOG";
  } else if (scope == "database" || scope == "table") {
    ARROW_ASSIGN_OR_RAISE(auto name, ObjectName(Text(grant, "object")));
    sql += (scope == "database" ? " ON DATABASE " : " ON TABLE ") + name;
  } else {
    return Invalid("scope must be catalog, database or table");
  }
  static const std::regex kAttribute("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
  if (grant.contains("having_attributes") && grant["having_attributes"].is_array() &&
      !grant["having_attributes"].empty()) {
    sql += grant.value("having_not", false) ? " HAVING ATTRIBUTE NOT IN (" : " HAVING ATTRIBUTE IN (";
    for (size_t i = 0; i < grant["having_attributes"].size(); ++i) {
      const auto& attribute = grant["having_attributes"][i];
      if (!attribute.is_string() || !std::regex_match(attribute.get<std::string>(), kAttribute)) {
        return Invalid("attributes are written namespace.key");
      }
      sql += (i ? ", " : "") + attribute.get<std::string>();
    }
    sql += ")";
  }
  const std::string where = Text(grant, "where");
  if (!where.empty() && !revoke) sql += " WHERE " + where;
  if (!revoke && grant.contains("transforms") && grant["transforms"].is_array()) {
    static const std::regex kFunction("[A-Za-z_][A-Za-z0-9_]*\\([^;]*\\)");
    for (const auto& transform : grant["transforms"]) {
      const std::string target = Text(transform, "target");
      const std::string function = Text(transform, "function");
      if (target.empty() || !std::regex_match(function, kFunction)) {
        return Invalid("a transform needs a target and a function call such as mask_ccn()");
      }
      sql += " TRANSFORM " +
             (std::regex_match(target, kAttribute) ? target : QuoteIdentifier(target)) +
             " WITH " + function;
    }
  }
  sql += (revoke ? " FROM ROLE " : " TO ROLE ") + QuoteIdentifier(role);
  return sql;
}

}  // namespace warden::rest
