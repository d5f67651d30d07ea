#include "warden/audit/event_json.h"

#include <nlohmann/json.hpp>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

using Json = nlohmann::json;

/// Appends `text` as a JSON string exactly as nlohmann::json and Python's json.dumps
/// (ensure_ascii=False) write it: '"' and '\\' escaped, control characters as \b \f \n \r
/// \t or \u00xx, everything else (UTF-8 included) as is.
void AppendString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

/// Appends `"key":` (with a leading comma unless first).
void AppendKey(std::string& out, std::string_view key) {
  if (out.size() > 1) out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void AppendText(std::string& out, std::string_view key, const std::string& text) {
  AppendKey(out, key);
  if (text.empty()) {
    out += "null";
  } else {
    AppendString(out, text);
  }
}

void AppendList(std::string& out, std::string_view key,
                const std::vector<std::string>& list) {
  AppendKey(out, key);
  out += '[';
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    AppendString(out, list[i]);
  }
  out += ']';
}

void AppendNumber(std::string& out, std::string_view key, std::optional<int64_t> number) {
  AppendKey(out, key);
  out += number ? std::to_string(*number) : "null";
}

/// The canonical object, keys in byte order; with `hash` (the JSON-lines form) when
/// given. Hand-written rather than through nlohmann::json: it is on the write path of
/// every event, and the golden test pins it to the library's (and Python's) output.
std::string Serialize(const AuditEvent& e, const std::string* hash) {
  std::string out;
  out.reserve(640 + e.statement.size());
  out += '{';
  AppendText(out, "application", e.application);
  AppendNumber(out, "bytes", e.bytes);
  AppendText(out, "chain", e.chain);
  AppendText(out, "client_address", e.client_address);
  AppendList(out, "columns", e.columns);
  AppendList(out, "datasets", e.datasets);
  AppendNumber(out, "duration_us", e.duration_us);
  AppendText(out, "error_code", e.error_code);
  AppendText(out, "error_message", e.error_message);
  AppendText(out, "event_id", e.event_id);
  AppendList(out, "grants", e.grants);
  AppendList(out, "groups", e.groups);
  if (hash != nullptr) AppendText(out, "hash", *hash);
  AppendText(out, "instance", e.instance);
  AppendText(out, "kind", std::string(EventKindName(e.kind)));
  AppendText(out, "prev_hash", e.prev_hash);
  AppendText(out, "request_id", e.request_id);
  AppendList(out, "roles", e.roles);
  AppendText(out, "row_filter", e.row_filter);
  AppendNumber(out, "rows", e.rows);
  AppendNumber(out, "sequence", e.sequence);
  AppendText(out, "service", e.service);
  AppendText(out, "session_id", e.session_id);
  AppendText(out, "statement", e.statement);
  AppendText(out, "status", std::string(EventStatusName(e.status)));
  if (e.tasks) AppendNumber(out, "tasks", e.tasks);  // absent, not null: see audit_event.h
  AppendText(out, "time", FormatUtcTime(e.time_us));
  AppendList(out, "transforms", e.transforms);
  AppendText(out, "user", e.user);
  out += '}';
  return out;
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
  static const Json kKeys = Json::parse(EventToJsonLine(AuditEvent{}));
  if (!j.is_object())
    return Error(ErrorCode::kInvalidArgument, "audit line is not an object");
  for (const auto& [key, value] : j.items()) {
    if (!kKeys.contains(key) && key != "tasks") {
      return Error(ErrorCode::kInvalidArgument,
                   "unknown audit event field '" + key + "'");
    }
  }
  for (const auto& [key, value] : kKeys.items()) {
    if (!j.contains(key)) {
      return Error(ErrorCode::kInvalidArgument,
                   "audit event field '" + key + "' is missing");
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
  if (j.contains("tasks")) ARROW_RETURN_NOT_OK(ReadOptionalInteger(j, "tasks", &e.tasks));
  ARROW_RETURN_NOT_OK(ReadText(j, "time", &time));
  ARROW_ASSIGN_OR_RAISE(e.time_us, ParseUtcTime(time));
  ARROW_RETURN_NOT_OK(ReadList(j, "transforms", &e.transforms));
  ARROW_RETURN_NOT_OK(ReadText(j, "user", &e.user));
  return e;
}

}  // namespace

std::string CanonicalJson(const AuditEvent& event) { return Serialize(event, nullptr); }

std::string ComputeEventHash(const AuditEvent& event) {
  return crypto::Sha256Hex(CanonicalJson(event));
}

std::string EventToJsonLine(const AuditEvent& event) {
  return Serialize(event, &event.hash) + "\n";
}

arrow::Result<AuditEvent> EventFromJsonLine(std::string_view line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Error(ErrorCode::kInvalidArgument, "audit line is not valid JSON");
  }
  return EventFromObject(j);
}

}  // namespace warden::audit
