#include "warden/planner/audit_hooks.h"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "warden/audit/service_events.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/sql/governance.h"

namespace warden::planner {

namespace {

std::string HeaderValue(const arrow::flight::ServerCallContext& context, const char* name) {
  const auto& headers = context.incoming_headers();
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : std::string(it->second);
}

/// The token of a "Bearer <jwt>" header value, else empty.
std::string BearerToken(const std::string& authorization) {
  if (authorization.size() < 7) return {};
  std::string scheme = authorization.substr(0, 7);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "bearer " ? authorization.substr(7) : std::string();
}

/// The user name of a "Basic base64(user:password)" header value; the password is never
/// kept. Bounded: the header is hostile input.
std::string BasicUser(const std::string& authorization) {
  if (authorization.size() < 6) return {};
  auto decoded = crypto::Base64Decode(authorization.substr(6));
  if (!decoded.ok()) return {};
  const size_t colon = decoded->find(':');
  return colon == std::string::npos ? std::string() : decoded->substr(0, std::min<size_t>(colon, 256));
}

/// The first one or two keywords, upper-cased: what kind of statement the text is.
std::string LeadingWords(const std::string& sql, int count) {
  std::string words;
  size_t i = 0;
  for (int w = 0; w < count; ++w) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    if (i >= sql.size()) break;
    if (w > 0) words += ' ';
    while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
      words += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
    }
  }
  return words;
}

audit::EventKind KindOfStatement(const std::string& sql) {
  if (!sql::IsGovernanceStatement(sql)) return audit::EventKind::kPlan;
  const std::string first = LeadingWords(sql, 1);
  const std::string two = LeadingWords(sql, 2);
  if (first == "GRANT" || first == "REVOKE" || two == "CREATE ROLE" || two == "DROP ROLE") {
    return audit::EventKind::kGrantChange;
  }
  return audit::EventKind::kGovernance;
}

}  // namespace

arrow::Status PlannerAudit::Admit() const {
  if (log_->healthy()) return arrow::Status::OK();
  return Error(ErrorCode::kAuditUnavailable,
               "the audit trail cannot record requests right now; try again later");
}

audit::AuditEvent PlannerAudit::NewEvent(
    const arrow::flight::ServerCallContext& context) const {
  audit::AuditEvent event;
  event.service = "planner";
  event.instance = instance_;
  audit::FillCallFields(context, &event);
  event.session_id = audit::SessionIdOfToken(BearerToken(HeaderValue(context, "authorization")));
  return event;
}

void PlannerAudit::RecordBuffered(audit::AuditEvent event) {
  auto recorded = log_->Record(std::move(event));
  // Refused only when the buffer is full or the log closed; the counter shows it.
  if (!recorded.ok()) spdlog::error("audit event not recorded: {}", FormatError(recorded));
}

void PlannerAudit::RecordLogin(const arrow::flight::ServerCallContext& context,
                               const std::string& authorization, const arrow::Status& status,
                               const std::string& token) {
  audit::AuditEvent event = NewEvent(context);
  event.kind = audit::EventKind::kAuthentication;
  event.user = BasicUser(authorization);
  event.session_id = audit::SessionIdOfToken(token);
  event.statement = "LOGIN";
  audit::FillOutcome(status, &event);
  if (!status.ok()) event.kind = audit::EventKind::kAuthentication;
  RecordBuffered(std::move(event));
}

void PlannerAudit::RecordBearerRefusal(const arrow::flight::ServerCallContext& context,
                                       const arrow::Status& status) {
  audit::AuditEvent event = NewEvent(context);
  event.statement = "BEARER";
  audit::FillOutcome(status, &event);
  event.kind = audit::EventKind::kAuthentication;
  RecordBuffered(std::move(event));
}

arrow::Status PlannerAudit::RecordStatement(const arrow::flight::ServerCallContext& context,
                                            const PlannedStatement& statement,
                                            const arrow::Status& outcome) {
  audit::AuditEvent event = NewEvent(context);
  event.kind = KindOfStatement(statement.sql);
  event.request_id = statement.query_id;
  event.statement = statement.sql;
  if (statement.principal) {
    event.user = statement.principal->user;
    event.groups = statement.principal->groups;
    event.roles = statement.principal->roles;
  } else if (statement.caller) {
    event.user = statement.caller->subject;
    event.groups = statement.caller->groups;
  }
  event.datasets = statement.access.datasets;
  event.columns = statement.access.columns;
  event.grants = statement.access.grants;
  event.transforms = statement.access.transforms;
  for (const auto& filter : statement.access.row_filters) {
    event.row_filter += (event.row_filter.empty() ? "" : "; ") + filter;
  }
  if (statement.tasks > 0) event.tasks = static_cast<int64_t>(statement.tasks);
  event.duration_us = audit::NowMicros() - statement.started_us;
  audit::FillOutcome(outcome, &event);
  if (!outcome.ok()) {
    RecordBuffered(std::move(event));  // nothing is acknowledged: no need to wait
    return outcome;
  }
  if (event.kind == audit::EventKind::kPlan && TasksCoverPlan(statement)) {
    // Buffered, but refused like a durable record when the log cannot take it: the
    // client must not get tickets for a query whose plan event is not in the log.
    auto recorded = log_->Record(std::move(event));
    if (!recorded.ok()) {
      spdlog::error("query {} refused: its audit event is not recorded: {}",
                    statement.query_id, FormatError(recorded));
      return Error(ErrorCode::kAuditUnavailable,
                   "the audit trail cannot record this request right now; try again later");
    }
    return outcome;
  }
  // At-least-once: durable before the client holds the plan (and, for governance, its
  // result). On failure the event stays queued; the client gets the audit error.
  auto durable = log_->RecordDurable(std::move(event));
  if (!durable.ok()) {
    spdlog::error("query {} refused: its audit event is not durable: {}", statement.query_id,
                  FormatError(durable));
    return Error(ErrorCode::kAuditUnavailable,
                 "the audit trail cannot record this request right now; try again later");
  }
  return outcome;
}

arrow::Status PlannerAudit::BeforeServingTicket() const {
  auto flushed = log_->Flush();
  if (flushed.ok()) return arrow::Status::OK();
  spdlog::error("ticket not served: audit events are not durable: {}", FormatError(flushed));
  return Error(ErrorCode::kAuditUnavailable,
               "the audit trail cannot record this request right now; try again later");
}

bool PlannerAudit::TasksCoverPlan(const PlannedStatement& statement) const {
  if (statement.tasks == 0 || statement.task_locations.size() != statement.tasks) {
    return false;
  }
  for (const auto& locations : statement.task_locations) {
    // An inline task is served by the planner, which records no durable event for it.
    if (locations.empty()) return false;
    for (const auto& uri : locations) {
      if (std::find(log_sharing_workers_.begin(), log_sharing_workers_.end(), uri) ==
          log_sharing_workers_.end()) {
        return false;  // the client may run it on a worker with its own log
      }
    }
  }
  return true;
}

void PlannerAudit::RecordDoGetFailure(const arrow::flight::ServerCallContext& context,
                                      const arrow::Status& status) {
  audit::AuditEvent event = NewEvent(context);
  event.statement = "DoGet";
  audit::FillOutcome(status, &event);
  RecordBuffered(std::move(event));
}

}  // namespace warden::planner
