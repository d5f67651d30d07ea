#pragma once

#include <memory>

#include <arrow/flight/server.h>

#include "warden/common/ticket.h"
#include "warden/planner/audit_hooks.h"
#include "warden/planner/planner.h"
#include "warden/policy/access_controller.h"

namespace warden::planner {

/// The planner's Arrow Flight SQL endpoint: the transport in front of Planner. It decodes
/// Flight SQL commands, resolves the caller, and maps Warden errors to Flight statuses.
/// Authentication happens before, in AuthMiddlewareFactory. Thread-safe.
class FlightSqlService : public arrow::flight::FlightServerBase {
 public:
  FlightSqlService(Planner* planner, const policy::AccessController* access,
                   TicketSigner signer)
      : planner_(planner), access_(access), signer_(std::move(signer)) {}

  arrow::Status GetFlightInfo(const arrow::flight::ServerCallContext& context,
                              const arrow::flight::FlightDescriptor& request,
                              std::unique_ptr<arrow::flight::FlightInfo>* info) override;

  /// Records every statement and refused DoGet in `audit` (nullptr: audit is off).
  void set_audit(PlannerAudit* audit) { audit_ = audit; }

  /// Serves tickets whose endpoint names no location: results computed by a planner.
  arrow::Status DoGet(const arrow::flight::ServerCallContext& context,
                      const arrow::flight::Ticket& request,
                      std::unique_ptr<arrow::flight::FlightDataStream>* stream) override;

 private:
  arrow::Result<std::unique_ptr<arrow::flight::FlightInfo>> DoGetFlightInfo(
      const arrow::flight::ServerCallContext& context,
      const arrow::flight::FlightDescriptor& request, PlannedStatement* statement);
  arrow::Result<std::unique_ptr<arrow::flight::FlightDataStream>> DoDoGet(
      const arrow::flight::ServerCallContext& context, const arrow::flight::Ticket& request);

  Planner* planner_;
  const policy::AccessController* access_;
  TicketSigner signer_;
  PlannerAudit* audit_ = nullptr;
};

}  // namespace warden::planner
