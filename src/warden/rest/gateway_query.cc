// Queries, streamed in the format the caller accepts, and statements.
#include <httplib.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/rest/gateway.h"
#include "warden/rest/http_errors.h"
#include "warden/rest/result_writer.h"
#include "warden/rest/row_stream.h"

namespace warden::rest {

namespace {

constexpr int64_t kMaxLimit = 10'000'000;
constexpr int64_t kStatementRows = 10'000;

std::string MakeCursor(const std::string& sql, int64_t offset) {
  return crypto::Base64UrlEncode(nlohmann::json{{"sql", sql}, {"offset", offset}}.dump());
}

/// The SQL and offset a cursor continues. A cursor is only a bookmark: the next page is
/// planned again as the caller, under the policy in force then.
arrow::Result<std::pair<std::string, int64_t>> ParseCursor(const std::string& cursor) {
  auto text = crypto::Base64UrlDecode(cursor);
  if (text.ok()) {
    auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (json.is_object() && json["sql"].is_string() && json["offset"].is_number_integer() &&
        json["offset"].get<int64_t>() >= 0) {
      return std::make_pair(json["sql"].get<std::string>(), json["offset"].get<int64_t>());
    }
  }
  return Error(ErrorCode::kInvalidArgument, "malformed cursor");
}

}  // namespace

void Gateway::StreamQuery(ApiCall& call, const std::string& sql, int64_t offset,
                          int64_t limit) {
  const auto format = NegotiateFormat(call.request.get_header_value("Accept"));
  if (!format) {
    SendError(call.response,
              Error(ErrorCode::kInvalidArgument,
                    "Accept must name application/json, application/x-ndjson, text/csv or "
                    "application/vnd.apache.arrow.stream"),
              call.request_id);
    call.response.status = 406;
    return;
  }
  auto opened = RowStream::Open(client_.get(), call.token, sql, offset, limit);
  if (!opened.ok()) return SendError(call.response, opened.status(), call.request_id);
  std::shared_ptr<RowStream> stream = std::move(*opened);
  auto made = ResultWriter::Make(*format, stream->schema());
  if (!made.ok()) return SendError(call.response, made.status(), call.request_id);
  std::shared_ptr<ResultWriter> writer = std::move(*made);
  if (limit >= 0 && *format != ResultFormat::kJson) {
    // Sent before the body, so it cannot know whether rows remain: the page after the
    // last one is empty.
    call.response.set_header("Warden-Next-Cursor", MakeCursor(sql, offset + limit));
  }
  const std::string request_id = call.request_id;
  call.response.set_chunked_content_provider(
      ContentTypeOf(*format),
      [this, stream, writer, sql, offset, limit, request_id](size_t,
                                                              httplib::DataSink& sink) {
        auto send = [&sink](const arrow::Result<std::string>& piece) {
          if (!piece.ok()) return false;
          return piece->empty() || sink.write(piece->data(), piece->size());
        };
        arrow::Status failure;
        if (!send(writer->Begin())) return false;
        while (true) {
          auto batch = stream->Next();
          if (!batch.ok()) {
            failure = batch.status();
            break;
          }
          if (!*batch) break;
          metrics_.RowsStreamed((*batch)->num_rows());
          // A client that went away (cancel) stops the reads from the workers too.
          if (!send(writer->Write(**batch)) || !sink.is_writable()) return false;
        }
        std::optional<std::string> next_cursor;
        if (failure.ok() && limit >= 0) {
          auto more = stream->HasMore();
          if (!more.ok()) {
            failure = more.status();
          } else if (*more) {
            next_cursor = MakeCursor(sql, offset + stream->rows_returned());
          }
        }
        const std::string error = failure.ok() ? "" : ErrorJson(failure, request_id);
        if (!send(writer->End(next_cursor, error))) return false;
        if (!failure.ok()) return false;  // cut the connection: the result is incomplete
        sink.done();
        return true;
      });
}

void Gateway::Query(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  if (!body.is_object()) throw std::invalid_argument("the body must be a JSON object");
  int64_t limit = -1;
  if (body.contains("limit") && !body["limit"].is_null()) {
    if (!body["limit"].is_number_integer() || body["limit"].get<int64_t>() < 0 ||
        body["limit"].get<int64_t>() > kMaxLimit) {
      return SendError(call.response,
                       Error(ErrorCode::kInvalidArgument,
                             "limit must be an integer from 0 to " + std::to_string(kMaxLimit)),
                       call.request_id);
    }
    limit = body["limit"].get<int64_t>();
  }
  std::string sql;
  int64_t offset = 0;
  if (body.contains("cursor") && body["cursor"].is_string()) {
    auto cursor = ParseCursor(body["cursor"].get<std::string>());
    if (!cursor.ok()) return SendError(call.response, cursor.status(), call.request_id);
    std::tie(sql, offset) = *cursor;
  } else if (body.contains("sql") && body["sql"].is_string()) {
    sql = body["sql"].get<std::string>();
  } else {
    return SendError(call.response,
                     Error(ErrorCode::kInvalidArgument, "field 'sql' or 'cursor' is required"),
                     call.request_id);
  }
  if (sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
    return SendError(call.response, Error(ErrorCode::kInvalidArgument, "empty SQL"),
                     call.request_id);
  }
  StreamQuery(call, sql, offset, limit);
}

void Gateway::Statement(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  if (!body.is_object() || !body.contains("sql") || !body["sql"].is_string()) {
    return SendError(call.response,
                     Error(ErrorCode::kInvalidArgument, "field 'sql' (a string) is required"),
                     call.request_id);
  }
  const std::string sql = body["sql"].get<std::string>();
  if (sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
    return SendError(call.response, Error(ErrorCode::kInvalidArgument, "empty SQL"),
                     call.request_id);
  }
  auto result = RunSmall(call, sql, kStatementRows + 1);
  if (!result.ok()) return SendError(call.response, result.status(), call.request_id);
  const bool truncated = (*result)["rows"].size() > kStatementRows;
  if (truncated) {
    auto& rows = (*result)["rows"];
    rows.erase(rows.begin() + kStatementRows, rows.end());
  }
  (*result)["truncated"] = truncated;
  SendJson(call, *result);
}

}  // namespace warden::rest
