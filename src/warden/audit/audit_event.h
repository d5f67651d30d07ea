#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/result.h>

/// One audit event: who did what, through which service, under which grants, with what
/// outcome (DESIGN §7). An event never carries a result value: it names the datasets and
/// columns touched and counts rows and bytes, so no raw value of a masked column can
/// appear in it. The statement text is the user's own text, literals included.
namespace warden::audit {

/// What happened.
enum class EventKind {
  kAuthentication,  // a login or token check, successful or not
  kPlan,            // a query planned by a planner (one per statement)
  kTask,            // one task executed by a worker, with the rows and bytes it sent
  kGovernance,      // DDL: CREATE/DROP/ALTER of databases, datasets, views, attributes
  kGrantChange,     // DCL: GRANT/REVOKE of privileges and roles, CREATE/DROP ROLE
  kRefusal,         // a request refused for lack of rights or a bad ticket
  kError,           // a request that failed for any other reason
};

/// How it ended.
enum class EventStatus { kOk, kRefused, kFailed };

/// Stable lower-case names stored in the files: "authentication", "plan", "task",
/// "governance", "grant_change", "refusal", "error".
std::string_view EventKindName(EventKind kind);
arrow::Result<EventKind> ParseEventKind(std::string_view name);

/// "ok", "refused", "failed".
std::string_view EventStatusName(EventStatus status);
arrow::Result<EventStatus> ParseEventStatus(std::string_view name);

/// An audit event. Callers fill the request fields; `AuditLog::Record` fills `event_id`
/// and `time_us` when left empty and always sets the chain fields. Empty strings are
/// stored as NULL.
struct AuditEvent {
  std::string event_id;  // unique: 32 random hex digits unless the caller sets it
  int64_t time_us = 0;   // when it happened: microseconds since the Unix epoch (UTC)
  EventKind kind = EventKind::kPlan;
  EventStatus status = EventStatus::kOk;

  std::string request_id;  // the query id shared by the plan and its tasks
  std::string session_id;
  std::string service;   // "planner", "worker", "rest"
  std::string instance;  // which replica, e.g. "planner-0:12050"

  std::string user;
  std::vector<std::string> groups;
  std::vector<std::string> roles;  // the roles whose grants were used
  std::string client_address;      // "ip:port" of the peer
  std::string application;         // client application name (user agent, driver)

  std::string statement;                // the user's own SQL text, as sent
  std::vector<std::string> datasets;    // "db.table", as named in the catalog
  std::vector<std::string> columns;     // "db.table.column"
  std::vector<std::string> grants;      // grants applied, e.g. "grant 12 (role analyst)"
  std::vector<std::string> transforms;  // "db.table.column: mask_email()"
  std::string row_filter;               // the row filter applied (policy text, not data)

  std::optional<int64_t> rows;   // rows returned (sent, for a task)
  std::optional<int64_t> bytes;  // bytes returned (Arrow IPC body bytes, for a task)
  /// Tasks a plan was split into (plan events only). Added after the first release: left
  /// out of the canonical form when absent, so older events keep their hashes.
  std::optional<int64_t> tasks;
  int64_t duration_us = 0;
  std::string error_code;     // "WARDEN-…" when status != ok
  std::string error_message;  // the message the client saw (never carries masked values)

  // Tamper evidence, set by AuditLog: position in the writer's chain and the hash links.
  std::string chain;      // the writer's chain id
  int64_t sequence = 0;   // 1, 2, 3 … within the chain, without gaps
  std::string prev_hash;  // the previous event's `hash` (64 zeros for the first)
  std::string hash;       // SHA-256 hex of the canonical form (see event_json.h)

  bool operator==(const AuditEvent&) const = default;
};

/// The hash that the first event of a chain links to.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// Replaces every invalid UTF-8 sequence in the event's text fields with U+FFFD, so that
/// the event reads back from Parquet and JSON byte for byte (and its hash still matches).
void SanitizeText(AuditEvent& event);

/// "YYYY-MM-DD" (UTC) of a time in microseconds since the epoch: the event's date
/// partition.
std::string UtcDate(int64_t time_us);

/// "YYYY-MM-DDTHH:MM:SS.ffffffZ" (UTC): the time as written in JSON lines.
std::string FormatUtcTime(int64_t time_us);
arrow::Result<int64_t> ParseUtcTime(std::string_view text);

/// Microseconds since the Unix epoch, now.
int64_t NowMicros();

}  // namespace warden::audit
