// Roles, members, grants, EXPLAIN ACCESS and audit search: resources over the SQL
// statements of DESIGN §5, so that the planner decides who may do what.
#include <regex>

#include <httplib.h>

#include "warden/common/error.h"
#include "warden/rest/gateway.h"
#include "warden/rest/grant_statement.h"
#include "warden/rest/http_errors.h"
#include "warden/rest/request_params.h"

namespace warden::rest {

namespace {

std::string RequiredField(const nlohmann::json& body, const char* key) {
  if (!body.is_object() || !body.contains(key) || !body[key].is_string() ||
      body[key].get<std::string>().empty()) {
    throw std::invalid_argument(std::string("field '") + key + "' (a string) is required");
  }
  return body[key].get<std::string>();
}

/// "db.t" → "db"."t"; kInvalidArgument unless it has exactly one dot.
arrow::Result<std::string> QualifiedName(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() ||
      text.find('.', dot + 1) != std::string::npos) {
    return Error(ErrorCode::kInvalidArgument, "expected a dataset name database.name");
  }
  return QuoteIdentifier(text.substr(0, dot)) + "." + QuoteIdentifier(text.substr(dot + 1));
}

}  // namespace

void Gateway::ListRoles(ApiCall& call) {
  auto result = RunSmall(call, "SHOW ROLES");
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, *result);
}

void Gateway::CreateRole(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  const std::string sql = "CREATE ROLE " + QuoteIdentifier(RequiredField(body, "name"));
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"sql", sql}, {"result", *result}}, 201);
}

void Gateway::DropRole(ApiCall& call) {
  const std::string sql = "DROP ROLE " + QuoteIdentifier(call.params.at(0));
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"sql", sql}, {"result", *result}});
}

void Gateway::ListRoleMembers(ApiCall& call) {
  auto result = RunSmall(call, "SHOW MEMBERS OF ROLE " + QuoteIdentifier(call.params.at(0)));
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, *result);
}

void Gateway::AddRoleMember(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  const std::string kind = RequiredField(body, "kind");
  if (kind != "user" && kind != "group") {
    return SendError(call.response,
                     Error(ErrorCode::kInvalidArgument, "kind must be 'user' or 'group'"),
                     call.request_id);
  }
  const std::string sql = "GRANT ROLE " + QuoteIdentifier(call.params.at(0)) + " TO " +
                          (kind == "user" ? "USER " : "GROUP ") +
                          QuoteIdentifier(RequiredField(body, "name"));
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"sql", sql}, {"result", *result}}, 201);
}

void Gateway::RemoveRoleMember(ApiCall& call) {
  const std::string& kind = call.params.at(1);
  if (kind != "user" && kind != "group") {
    return SendError(call.response, Error(ErrorCode::kCatalogNotFound, "no such member"),
                     call.request_id);
  }
  const std::string sql = "REVOKE ROLE " + QuoteIdentifier(call.params.at(0)) + " FROM " +
                          (kind == "user" ? "USER " : "GROUP ") +
                          QuoteIdentifier(call.params.at(2));
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"sql", sql}, {"result", *result}});
}

void Gateway::ListGrants(ApiCall& call) {
  auto role = RequestParams(call.request).Text("role");
  const std::string sql = role ? "SHOW GRANTS FOR ROLE " + QuoteIdentifier(*role) : "SHOW GRANTS";
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, *result);
}

void Gateway::CreateGrant(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  auto sql = GrantStatement(body, /*revoke=*/false);
  if (!sql.ok()) return SendError(call.response, sql.status(), call.request_id);
  auto result = RunSmall(call, *sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"sql", *sql}, {"result", *result}}, 201);
}

void Gateway::RevokeGrant(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  auto sql = GrantStatement(body, /*revoke=*/true);
  if (!sql.ok()) return SendError(call.response, sql.status(), call.request_id);
  auto result = RunSmall(call, *sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, {{"sql", *sql}, {"result", *result}});
}

void Gateway::ExplainAccess(ApiCall& call) {
  RequestParams params(call.request);
  auto user = params.Text("user");
  auto dataset = params.Text("dataset");
  if (!user || !dataset) {
    return SendError(call.response,
                     Error(ErrorCode::kInvalidArgument,
                           "query parameters 'user' and 'dataset' are required"),
                     call.request_id);
  }
  auto name = QualifiedName(*dataset);
  if (!name.ok()) return SendError(call.response, name.status(), call.request_id);
  const std::string sql = "EXPLAIN ACCESS FOR USER " + QuoteIdentifier(*user) + " ON " + *name;
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  (*result)["sql"] = sql;
  SendJson(call, *result);
}

void Gateway::SearchAudit(ApiCall& call) {
  RequestParams params(call.request);
  auto limit = params.Integer("limit", 200, 1, 10000);
  if (!limit.ok()) return SendError(call.response, limit.status(), call.request_id);
  static const std::regex kTimestamp(
      "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?)?Z?");
  std::vector<std::string> where;
  if (auto user = params.Text("user")) where.push_back("\"user\" = " + QuoteLiteral(*user));
  if (auto status = params.Text("status")) where.push_back("status = " + QuoteLiteral(*status));
  if (auto kind = params.Text("kind")) where.push_back("kind = " + QuoteLiteral(*kind));
  // Events that touched the dataset (its qualified name, exactly), not statement text.
  if (auto dataset = params.Text("dataset")) {
    where.push_back(QuoteLiteral(*dataset) + " = ANY(datasets)");
  }
  for (const char* bound : {"since", "until"}) {
    if (auto time = params.Text(bound)) {
      if (!std::regex_match(*time, kTimestamp)) {
        return SendError(call.response,
                         Error(ErrorCode::kInvalidArgument,
                               std::string("query parameter '") + bound +
                                   "' must be an ISO 8601 time (2024-05-01T12:00:00Z)"),
                         call.request_id);
      }
      std::string literal = *time;
      if (literal.back() == 'Z') literal.pop_back();
      std::replace(literal.begin(), literal.end(), 'T', ' ');
      where.push_back(std::string("time ") + (bound[0] == 's' ? ">=" : "<") + " CAST(" +
                      QuoteLiteral(literal) + " AS TIMESTAMP)");
    }
  }
  std::string sql =
      "SELECT time, event_id, request_id, kind, status, \"user\", client_address, statement, "
      "datasets, rows, duration_us, error_code, error_message FROM warden_system.audit_logs";
  for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY time DESC LIMIT " + std::to_string(*limit);
  auto result = RunSmall(call, sql);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  SendJson(call, *result);
}

}  // namespace warden::rest
