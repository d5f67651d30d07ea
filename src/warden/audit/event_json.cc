#include "warden/audit/event_json.h"

#include <nlohmann/json.hpp>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

using Json = nlohmann::json;  // std::map-backed: keys come out in byte order

Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json NumberOrNull(const std::optional<int64_t>& number) {
  return number ? Json(*number) : Json(nullptr);
}

Json CanonicalObject(const AuditEvent& e) {
  Json j = Json::object();
  j["application"] = TextOrNull(e.application);
  j["bytes"] = NumberOrNull(e.bytes);
  j["chain"] = TextOrNull(e.chain);
  j["client_address"] = TextOrNull(e.client_address);
  j["columns"] = e.columns;
  j["datasets"] = e.datasets;
  j["duration_us"] = e.duration_us;
  j["error_code"] = TextOrNull(e.error_code);
  j["error_message"] = TextOrNull(e.error_message);
  j["event_id"] = TextOrNull(e.event_id);
  j["grants"] = e.grants;
  j["groups"] = e.groups;
  j["instance"] = TextOrNull(e.instance);
  j["kind"] = EventKindName(e.kind);
  j["prev_hash"] = TextOrNull(e.prev_hash);
  j["request_id"] = TextOrNull(e.request_id);
  j["roles"] = e.roles;
  j["row_filter"] = TextOrNull(e.row_filter);
  j["rows"] = NumberOrNull(e.rows);
  j["sequence"] = e.sequence;
  j["service"] = TextOrNull(e.service);
  j["session_id"] = TextOrNull(e.session_id);
  j["statement"] = TextOrNull(e.statement);
  j["status"] = EventStatusName(e.status);
  j["time"] = FormatUtcTime(e.time_us);
  j["transforms"] = e.transforms;
  j["user"] = TextOrNull(e.user);
  return j;
}

std::string Dump(const Json& j) {
  // `replace` keeps a tampered file with invalid UTF-8 from throwing: its hash just differs.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

arrow::Status FieldError(const char* key, const char* expected) {
  return Error(ErrorCode::kInvalidArgument,
               std::string("audit event field '") + key + "' must be " + expected);
}

arrow::Status ReadText(const Json& j, const char* key, std::string* out) {
  const Json& value = j.at(key);
  if (value.is_null()) {
    out->clear();
  } else if (value.is_string()) {
    *out = value.get<std::string>();
  } else {
    return FieldError(key, "a string or null");
  }
  return arrow::Status::OK();
}

arrow::Status ReadList(const Json& j, const char* key, std::vector<std::string>* out) {
  const Json& value = j.at(key);
  if (!value.is_array()) return FieldError(key, "an array of strings");
  out->clear();
  for (const Json& item : value) {
    if (!item.is_string()) return FieldError(key, "an array of strings");
    out->push_back(item.get<std::string>());
  }
  return arrow::Status::OK();
}

arrow::Status ReadInteger(const Json& j, const char* key, int64_t* out) {
  const Json& value = j.at(key);
  if (!value.is_number_integer()) return FieldError(key, "an integer");
  *out = value.get<int64_t>();
  return arrow::Status::OK();
}

arrow::Status ReadOptionalInteger(const Json& j, const char* key,
                                  std::optional<int64_t>* out) {
  if (j.at(key).is_null()) {
    out->reset();
    return arrow::Status::OK();
  }
  int64_t value = 0;
  ARROW_RETURN_NOT_OK(ReadInteger(j, key, &value));
  *out = value;
  return arrow::Status::OK();
}

arrow::Result<AuditEvent> EventFromObject(const Json& j) {
  static const Json kKeys = [] {
    Json keys = CanonicalObject(AuditEvent{});
    keys["hash"] = nullptr;
    return keys;
  }();
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "audit line is not an object");
  for (const auto& [key, value] : j.items()) {
    if (!kKeys.contains(key)) {
      return Error(ErrorCode::kInvalidArgument, "unknown audit event field '" + key + "'");
    }
  }
  for (const auto& [key, value] : kKeys.items()) {
    if (!j.contains(key)) {
      return Error(ErrorCode::kInvalidArgument, "audit event field '" + key + "' is missing");
    }
  }
  AuditEvent e;
  std::string kind, status, time;
  ARROW_RETURN_NOT_OK(ReadText(j, "application", &e.application));
  ARROW_RETURN_NOT_OK(ReadOptionalInteger(j, "bytes", &e.bytes));
  ARROW_RETURN_NOT_OK(ReadText(j, "chain", &e.chain));
  ARROW_RETURN_NOT_OK(ReadText(j, "client_address", &e.client_address));
  ARROW_RETURN_NOT_OK(ReadList(j, "columns", &e.columns));
  ARROW_RETURN_NOT_OK(ReadList(j, "datasets", &e.datasets));
  ARROW_RETURN_NOT_OK(ReadInteger(j, "duration_us", &e.duration_us));
  ARROW_RETURN_NOT_OK(ReadText(j, "error_code", &e.error_code));
  ARROW_RETURN_NOT_OK(ReadText(j, "error_message", &e.error_message));
  ARROW_RETURN_NOT_OK(ReadText(j, "event_id", &e.event_id));
  ARROW_RETURN_NOT_OK(ReadList(j, "grants", &e.grants));
  ARROW_RETURN_NOT_OK(ReadList(j, "groups", &e.groups));
  ARROW_RETURN_NOT_OK(ReadText(j, "hash", &e.hash));
  ARROW_RETURN_NOT_OK(ReadText(j, "instance", &e.instance));
  ARROW_RETURN_NOT_OK(ReadText(j, "kind", &kind));
  ARROW_ASSIGN_OR_RAISE(e.kind, ParseEventKind(kind));
  ARROW_RETURN_NOT_OK(ReadText(j, "prev_hash", &e.prev_hash));
  ARROW_RETURN_NOT_OK(ReadText(j, "request_id", &e.request_id));
  ARROW_RETURN_NOT_OK(ReadList(j, "roles", &e.roles));
  ARROW_RETURN_NOT_OK(ReadText(j, "row_filter", &e.row_filter));
  ARROW_RETURN_NOT_OK(ReadOptionalInteger(j, "rows", &e.rows));
  ARROW_RETURN_NOT_OK(ReadInteger(j, "sequence", &e.sequence));
  ARROW_RETURN_NOT_OK(ReadText(j, "service", &e.service));
  ARROW_RETURN_NOT_OK(ReadText(j, "session_id", &e.session_id));
  ARROW_RETURN_NOT_OK(ReadText(j, "statement", &e.statement));
  ARROW_RETURN_NOT_OK(ReadText(j, "status", &status));
  ARROW_ASSIGN_OR_RAISE(e.status, ParseEventStatus(status));
  ARROW_RETURN_NOT_OK(ReadText(j, "time", &time));
  ARROW_ASSIGN_OR_RAISE(e.time_us, ParseUtcTime(time));
  ARROW_RETURN_NOT_OK(ReadList(j, "transforms", &e.transforms));
  ARROW_RETURN_NOT_OK(ReadText(j, "user", &e.user));
  return e;
}

}  // namespace

std::string CanonicalJson(const AuditEvent& event) { return Dump(CanonicalObject(event)); }

std::string ComputeEventHash(const AuditEvent& event) {
  return crypto::Sha256Hex(CanonicalJson(event));
}

std::string EventToJsonLine(const AuditEvent& event) {
  Json j = CanonicalObject(event);
  j["hash"] = TextOrNull(event.hash);
  return Dump(j) + "\n";
}

arrow::Result<AuditEvent> EventFromJsonLine(std::string_view line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Error(ErrorCode::kInvalidArgument, "audit line is not valid JSON");
  }
  return EventFromObject(j);
}

}  // namespace warden::audit
