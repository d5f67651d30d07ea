#include "warden/rest/http_errors.h"

#include <httplib.h>

#include "warden/common/error.h"
#include "warden/rest/json_cells.h"

namespace warden::rest {

int HttpStatusOf(const arrow::Status& status) {
  switch (ErrorCodeOf(status)) {
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kCatalogNotFound: return 404;
    case ErrorCode::kCatalogAlreadyExists:
    case ErrorCode::kCatalogNotEmpty: return 409;
    case ErrorCode::kSqlSyntax:
    case ErrorCode::kSqlUnsupported:
    case ErrorCode::kSqlBind:
    case ErrorCode::kInvalidName:
    case ErrorCode::kPolicyInvalidTransform:
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kQueryFailed:
    case ErrorCode::kMemoryLimit:
    case ErrorCode::kStorage: return 422;
    case ErrorCode::kTicketInvalid:
    case ErrorCode::kTicketExpired: return 401;
    case ErrorCode::kTicketForeign: return 403;
    case ErrorCode::kStorageSchemeUnavailable: return 400;
    case ErrorCode::kUnavailable:
    case ErrorCode::kAuditUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string ErrorJson(const arrow::Status& status, const std::string& request_id) {
  std::string out = "{\"code\":";
  AppendJsonString(ErrorCodeName(ErrorCodeOf(status)), &out);
  out.append(",\"message\":");
  AppendJsonString(status.message(), &out);
  out.append(",\"request_id\":");
  AppendJsonString(request_id, &out);
  out.push_back('}');
  return out;
}

void SendError(httplib::Response& response, const arrow::Status& status,
               const std::string& request_id) {
  response.status = HttpStatusOf(status);
  response.set_content(ErrorJson(status, request_id), "application/json");
}

namespace {

std::string Quote(const std::string& text, char quote) {
  std::string out(1, quote);
  for (const char c : text) {
    out.push_back(c);
    if (c == quote) out.push_back(quote);
  }
  out.push_back(quote);
  return out;
}

}  // namespace

std::string QuoteIdentifier(const std::string& name) { return Quote(name, '"'); }
std::string QuoteLiteral(const std::string& text) { return Quote(text, '\''); }

}  // namespace warden::rest
