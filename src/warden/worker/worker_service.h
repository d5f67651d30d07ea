#pragma once

#include <chrono>
#include <memory>

#include <arrow/flight/server.h>

#include "warden/common/ticket.h"
#include "warden/worker/caller_binding.h"
#include "warden/worker/service_credential.h"
#include "warden/worker/task_audit.h"
#include "warden/worker/task_slots.h"

namespace warden::worker {

struct WorkerOptions {
  /// Tasks streaming at once; more wait for a slot (back-pressure).
  int max_concurrent_tasks = 8;
  /// How long a task waits for a slot before the client is told to try elsewhere.
  std::chrono::milliseconds max_slot_wait{30000};
};

/// The action planners poll (their heartbeat): answers
/// {"active":n,"waiting":n,"capacity":n,"draining":bool} as JSON. Like every action it
/// needs a planner's ServiceCredential in the kServiceCredentialHeader header.
inline constexpr const char* kWorkerStatusAction = "warden.worker.status";

/// A worker's Flight endpoint (DESIGN §2.4): DoGet on a signed ticket, plus its status for
/// planners. The ticket names the user and expires; a caller's bearer token must name
/// the same user (`caller`, DESIGN §6). Actions (ListActions, DoAction) answer only a
/// planner's service credential (`planners`, docs/decisions/0009). The worker needs no
/// catalog and never decides policy. Thread-safe.
class WorkerService : public arrow::flight::FlightServerBase {
 public:
  WorkerService(TicketSigner signer, CallerBinding caller, ServiceCredential planners,
                WorkerOptions options = {})
      : signer_(std::move(signer)),
        caller_(std::move(caller)),
        planners_(std::move(planners)),
        slots_(options.max_concurrent_tasks, options.max_slot_wait) {}

  /// Records every task and refused DoGet in `audit` (nullptr: audit is off).
  void set_audit(WorkerAudit* audit) { audit_ = audit; }

  arrow::Status DoGet(const arrow::flight::ServerCallContext& context,
                      const arrow::flight::Ticket& request,
                      std::unique_ptr<arrow::flight::FlightDataStream>* stream) override;

  arrow::Status DoAction(const arrow::flight::ServerCallContext& context,
                         const arrow::flight::Action& action,
                         std::unique_ptr<arrow::flight::ResultStream>* result) override;

  arrow::Status ListActions(const arrow::flight::ServerCallContext& context,
                            std::vector<arrow::flight::ActionType>* actions) override;

  // A worker serves nothing else. These calls answer an unauthenticated caller
  // WARDEN-AUTH-UNAUTHENTICATED like every other call, and an authenticated one
  // WARDEN-INVALID-ARGUMENT (send it to a planner).
  arrow::Status ListFlights(const arrow::flight::ServerCallContext& context,
                            const arrow::flight::Criteria* criteria,
                            std::unique_ptr<arrow::flight::FlightListing>* listings) override;
  arrow::Status GetFlightInfo(const arrow::flight::ServerCallContext& context,
                              const arrow::flight::FlightDescriptor& request,
                              std::unique_ptr<arrow::flight::FlightInfo>* info) override;
  arrow::Status PollFlightInfo(const arrow::flight::ServerCallContext& context,
                               const arrow::flight::FlightDescriptor& request,
                               std::unique_ptr<arrow::flight::PollInfo>* info) override;
  arrow::Status GetSchema(const arrow::flight::ServerCallContext& context,
                          const arrow::flight::FlightDescriptor& request,
                          std::unique_ptr<arrow::flight::SchemaResult>* schema) override;
  arrow::Status DoPut(const arrow::flight::ServerCallContext& context,
                      std::unique_ptr<arrow::flight::FlightMessageReader> reader,
                      std::unique_ptr<arrow::flight::FlightMetadataWriter> writer) override;
  arrow::Status DoExchange(const arrow::flight::ServerCallContext& context,
                           std::unique_ptr<arrow::flight::FlightMessageReader> reader,
                           std::unique_ptr<arrow::flight::FlightMessageWriter> writer) override;

  /// Stops taking tasks (status reports draining, so planners stop listing this worker);
  /// tasks already streaming finish.
  void Drain() { slots_.Drain(); }
  const TaskSlots& slots() const { return slots_; }

 private:
  /// The ticket, verified and bound to the caller; a refusal is logged and audited.
  arrow::Result<TicketPayload> Authorize(const arrow::flight::ServerCallContext& context,
                                         const std::string& ticket) const;
  /// The refusal of a call a worker does not serve (above): unauthenticated unless the
  /// call carries a valid bearer token or planner credential.
  arrow::Status RefuseUnservedCall(const arrow::flight::ServerCallContext& context,
                                   const std::string& method) const;
  /// OK when the call carries a valid planner credential; a refusal is logged and audited
  /// as `statement`.
  arrow::Status AuthorizePlanner(const arrow::flight::ServerCallContext& context,
                                 const std::string& statement) const;
  /// OK when the call carries a valid planner credential (nothing logged).
  arrow::Status VerifyPlanner(const arrow::flight::ServerCallContext& context) const;
  /// Logs and audits `refusal` of `statement`, a call other than DoGet; returns it.
  arrow::Status Refuse(const arrow::flight::ServerCallContext& context, arrow::Status refusal,
                       const std::string& statement) const;

  TicketSigner signer_;
  CallerBinding caller_;
  ServiceCredential planners_;
  TaskSlots slots_;
  WorkerAudit* audit_ = nullptr;
};

}  // namespace warden::worker
