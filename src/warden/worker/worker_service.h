#pragma once

#include <memory>

#include <arrow/flight/server.h>

#include "warden/common/ticket.h"
#include "warden/worker/task_audit.h"

namespace warden::worker {

/// A worker's Flight endpoint (DESIGN §2.4): DoGet on a signed ticket, nothing else. The
/// ticket is the credential — it names the user and expires — so the worker needs neither
/// the catalog nor the token secret, and never decides policy. Thread-safe.
class WorkerService : public arrow::flight::FlightServerBase {
 public:
  explicit WorkerService(TicketSigner signer) : signer_(std::move(signer)) {}

  /// Records every task and refused DoGet in `audit` (nullptr: audit is off).
  void set_audit(WorkerAudit* audit) { audit_ = audit; }

  arrow::Status DoGet(const arrow::flight::ServerCallContext& context,
                      const arrow::flight::Ticket& request,
                      std::unique_ptr<arrow::flight::FlightDataStream>* stream) override;

 private:
  TicketSigner signer_;
  WorkerAudit* audit_ = nullptr;
};

}  // namespace warden::worker
