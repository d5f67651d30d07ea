#pragma once

#include <string>

#include <arrow/status.h>

namespace httplib {
struct Response;
}

namespace warden::rest {

/// The HTTP status of a Warden error: 401 unauthenticated, 403 no privilege, 404 absent
/// or invisible (the same answer, DESIGN §4), 400 bad SQL or input, 409 conflicts,
/// 422 a query that failed while running, 503 unavailable, 500 a bug.
int HttpStatusOf(const arrow::Status& status);

/// `{"code":"WARDEN-…","message":…,"request_id":…}`.
std::string ErrorJson(const arrow::Status& status, const std::string& request_id);

/// Sends `status` as the JSON error response.
void SendError(httplib::Response& response, const arrow::Status& status,
               const std::string& request_id);

/// SQL text pieces built from request input: a double-quoted identifier and a
/// single-quoted string literal, with their quote characters doubled.
std::string QuoteIdentifier(const std::string& name);
std::string QuoteLiteral(const std::string& text);

}  // namespace warden::rest
