#pragma once

#include <memory>
#include <string>

#include <arrow/flight/server.h>

#include "warden/catalog/meta_store.h"
#include "warden/common/ticket.h"
#include "warden/planner/flight_sql_metadata.h"
#include "warden/planner/audit_hooks.h"
#include "warden/planner/planner.h"
#include "warden/planner/prepared_statements.h"
#include "warden/policy/access_controller.h"

namespace warden::planner {

/// The planner's Arrow Flight SQL endpoint: the transport in front of Planner. It decodes
/// Flight SQL commands (statements, prepared statements, metadata, updates), resolves the
/// caller, and maps Warden errors to Flight statuses. Authentication happens before, in
/// AuthMiddlewareFactory. Results the planner computes itself (metadata, governance
/// statements) travel whole in a signed ticket served by DoGet here. Thread-safe.
class FlightSqlService : public arrow::flight::FlightServerBase {
 public:
  FlightSqlService(Planner* planner, catalog::MetaStore* store,
                   const policy::AccessController* access, TicketSigner signer)
      : planner_(planner),
        access_(access),
        metadata_(store, access),
        signer_(std::move(signer)) {}

  arrow::Status GetFlightInfo(const arrow::flight::ServerCallContext& context,
                              const arrow::flight::FlightDescriptor& request,
                              std::unique_ptr<arrow::flight::FlightInfo>* info) override;

  /// Records every statement and refused DoGet in `audit` (nullptr: audit is off).
  void set_audit(PlannerAudit* audit) { audit_ = audit; }

  /// Serves tickets whose endpoint names no location: results computed by a planner.
  arrow::Status DoGet(const arrow::flight::ServerCallContext& context,
                      const arrow::flight::Ticket& request,
                      std::unique_ptr<arrow::flight::FlightDataStream>* stream) override;

  /// Binds prepared statement parameters and runs updates (governance statements).
  arrow::Status DoPut(const arrow::flight::ServerCallContext& context,
                      std::unique_ptr<arrow::flight::FlightMessageReader> reader,
                      std::unique_ptr<arrow::flight::FlightMetadataWriter> writer) override;

  /// CreatePreparedStatement and ClosePreparedStatement.
  arrow::Status DoAction(const arrow::flight::ServerCallContext& context,
                         const arrow::flight::Action& action,
                         std::unique_ptr<arrow::flight::ResultStream>* result) override;

  arrow::Status ListActions(const arrow::flight::ServerCallContext& context,
                            std::vector<arrow::flight::ActionType>* actions) override;

 private:
  arrow::Result<std::unique_ptr<arrow::flight::FlightInfo>> DoGetFlightInfo(
      const arrow::flight::ServerCallContext& context,
      const arrow::flight::FlightDescriptor& request, PlannedStatement* statement);
  arrow::Result<std::unique_ptr<arrow::flight::FlightDataStream>> DoDoGet(
      const arrow::flight::ServerCallContext& context, const arrow::flight::Ticket& request);
  arrow::Status DoDoPut(const arrow::flight::ServerCallContext& context,
                        arrow::flight::FlightMessageReader* reader,
                        arrow::flight::FlightMetadataWriter* writer);
  arrow::Result<std::string> DoDoAction(const arrow::flight::ServerCallContext& context,
                                        const arrow::flight::Action& action);

  /// The FlightInfo of a planned statement: one endpoint per task.
  static arrow::Result<std::unique_ptr<arrow::flight::FlightInfo>> InfoOfPlan(
      const QueryPlan& plan, const arrow::flight::FlightDescriptor& request);
  /// The FlightInfo of a table computed here: one endpoint, served by this planner.
  arrow::Result<std::unique_ptr<arrow::flight::FlightInfo>> InfoOfTable(
      const policy::Principal& principal, const std::shared_ptr<arrow::Table>& table,
      const arrow::flight::FlightDescriptor& request) const;
  /// Runs a governance statement as an update; refuses queries.
  arrow::Status ExecuteUpdate(const arrow::flight::ServerCallContext& context,
                              const policy::Principal& principal, const std::string& sql);
  /// The result schema `sql` will have, learnt without running a statement that writes.
  arrow::Result<std::shared_ptr<arrow::Schema>> ResultSchemaOf(
      const policy::Principal& principal, const std::string& sql);

  Planner* planner_;
  const policy::AccessController* access_;
  FlightSqlMetadata metadata_;
  PreparedStatementRegistry prepared_;
  TicketSigner signer_;
  std::chrono::seconds inline_ticket_ttl_{300};
  PlannerAudit* audit_ = nullptr;
};

/// True for statements that return rows (queries, EXPLAIN, SHOW, DESCRIBE, SEARCH); false
/// for statements that change the catalog or policy (Flight SQL "updates").
bool ReturnsRows(const std::string& sql);

/// The `app_metadata` of an endpoint whose ticket repeats its rows in the same order when
/// re-run (PlannedTask::repeatable_order): clients may resume it after a lost worker.
inline constexpr const char* kRepeatableOrderMetadata = R"({"repeatable_order":true})";

}  // namespace warden::planner
