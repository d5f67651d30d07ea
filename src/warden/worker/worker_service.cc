#include "warden/worker/worker_service.h"

#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"
#include "warden/exec/ticket_runner.h"
#include "warden/worker/result_stream.h"

namespace warden::worker {

arrow::Status WorkerService::DoGet(const arrow::flight::ServerCallContext& context,
                                   const arrow::flight::Ticket& request,
                                   std::unique_ptr<arrow::flight::FlightDataStream>* stream) {
  auto admitted = audit_ != nullptr ? audit_->Admit() : arrow::Status::OK();
  auto run = admitted.ok() ? exec::RunTicket(signer_, request.ticket)
                           : arrow::Result<exec::TicketRun>(admitted);
  if (!run.ok()) {
    spdlog::warn("DoGet refused from {}: {}", context.peer(), FormatError(run.status()));
    if (audit_ != nullptr) audit_->RecordRefusal(context, run.status());
    return ToFlightStatus(run.status());
  }
  spdlog::info("task of query {} for {} started", run->payload.query_id, run->payload.user);
  *stream = std::make_unique<ResultStream>(
      run->reader, run->payload.query_id,
      audit_ != nullptr ? audit_->StartTask(context, run->payload) : nullptr);
  return arrow::Status::OK();
}

}  // namespace warden::worker
