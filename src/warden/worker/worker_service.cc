#include "warden/worker/worker_service.h"

#include <arrow/buffer.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"
#include "warden/exec/ticket_runner.h"
#include "warden/worker/result_stream.h"

namespace warden::worker {

namespace {

/// A task's stream that holds the task's slot until Flight drops the stream.
class SlotHoldingStream : public arrow::flight::FlightDataStream {
 public:
  SlotHoldingStream(std::unique_ptr<arrow::flight::FlightDataStream> inner,
                    std::unique_ptr<TaskSlots::Slot> slot)
      : inner_(std::move(inner)), slot_(std::move(slot)) {}

  std::shared_ptr<arrow::Schema> schema() override { return inner_->schema(); }
  arrow::Result<arrow::flight::FlightPayload> GetSchemaPayload() override {
    return inner_->GetSchemaPayload();
  }
  arrow::Result<arrow::flight::FlightPayload> Next() override { return inner_->Next(); }
  arrow::Status Close() override { return inner_->Close(); }

 private:
  std::unique_ptr<arrow::flight::FlightDataStream> inner_;
  std::unique_ptr<TaskSlots::Slot> slot_;
};

}  // namespace

arrow::Result<TicketPayload> WorkerService::Authorize(
    const arrow::flight::ServerCallContext& context, const std::string& ticket) const {
  auto admitted = audit_ != nullptr ? audit_->Admit() : arrow::Status::OK();
  // The ticket first: a forged or expired one is refused as such whoever sends it.
  auto payload = admitted.ok() ? signer_.Verify(ticket, NowMillis())
                               : arrow::Result<TicketPayload>(admitted);
  std::string caller;
  arrow::Status refusal = payload.status();
  if (payload.ok()) {
    const auto authorization = AuthorizationHeader(context);
    refusal = caller_.Check(authorization, *payload, NowSeconds(), &caller);
  }
  if (refusal.ok()) return payload;
  spdlog::warn("DoGet refused from {}{}: {}", context.peer(),
               caller.empty() ? "" : " (user " + caller + ")", FormatError(refusal));
  if (audit_ != nullptr) {
    audit_->RecordRefusal(context, refusal, payload.ok() ? &*payload : nullptr, caller);
  }
  return refusal;
}

arrow::Status WorkerService::DoGet(const arrow::flight::ServerCallContext& context,
                                   const arrow::flight::Ticket& request,
                                   std::unique_ptr<arrow::flight::FlightDataStream>* stream) {
  auto authorized = Authorize(context, request.ticket);
  if (!authorized.ok()) return ToFlightStatus(authorized.status());
  auto run = exec::RunTicket(signer_, request.ticket);
  if (!run.ok()) {
    spdlog::warn("task of query {} failed to start: {}", authorized->query_id,
                 FormatError(run.status()));
    if (audit_ != nullptr) audit_->RecordRefusal(context, run.status(), &*authorized);
    return ToFlightStatus(run.status());
  }
  // Wait for a slot only once the ticket is known good: forged tickets never queue.
  auto slot = slots_.Acquire();
  if (!slot.ok()) {
    spdlog::info("task of query {} not started: {}", run->payload.query_id,
                 FormatError(slot.status()));
    return ToFlightStatus(slot.status());
  }
  spdlog::info("task of query {} for {} started", run->payload.query_id, run->payload.user);
  *stream = std::make_unique<SlotHoldingStream>(
      std::make_unique<ResultStream>(
          run->reader, run->payload.query_id, &context,
          audit_ != nullptr ? audit_->StartTask(context, run->payload) : nullptr),
      std::move(*slot));
  return arrow::Status::OK();
}

arrow::Status WorkerService::VerifyPlanner(
    const arrow::flight::ServerCallContext& context) const {
  std::optional<std::string_view> credential;
  const auto& headers = context.incoming_headers();
  if (auto it = headers.find(kServiceCredentialHeader); it != headers.end()) {
    credential = it->second;
  }
  return planners_.Verify(credential, NowMillis());
}

arrow::Status WorkerService::Refuse(const arrow::flight::ServerCallContext& context,
                                    arrow::Status refusal, const std::string& statement) const {
  spdlog::warn("{} refused from {}: {}", statement, context.peer(), FormatError(refusal));
  if (audit_ != nullptr) audit_->RecordRefusal(context, refusal, nullptr, "", statement);
  return refusal;
}

arrow::Status WorkerService::AuthorizePlanner(const arrow::flight::ServerCallContext& context,
                                              const std::string& statement) const {
  auto verified = VerifyPlanner(context);
  return verified.ok() ? verified : Refuse(context, std::move(verified), statement);
}

arrow::Status WorkerService::ListActions(const arrow::flight::ServerCallContext& context,
                                         std::vector<arrow::flight::ActionType>* actions) {
  ARROW_RETURN_NOT_OK(ToFlightStatus(AuthorizePlanner(context, "ListActions")));
  *actions = {{kWorkerStatusAction, "tasks running, waiting, capacity and draining (JSON)"}};
  return arrow::Status::OK();
}

arrow::Status WorkerService::DoAction(const arrow::flight::ServerCallContext& context,
                                      const arrow::flight::Action& action,
                                      std::unique_ptr<arrow::flight::ResultStream>* result) {
  // The credential first: an anonymous caller learns nothing, not even which actions exist.
  ARROW_RETURN_NOT_OK(ToFlightStatus(AuthorizePlanner(context, "DoAction " + action.type)));
  if (action.type != kWorkerStatusAction) {
    return ToFlightStatus(Error(ErrorCode::kInvalidArgument,
                                "unknown worker action " + action.type));
  }
  nlohmann::json status = {{"active", slots_.active()},
                           {"waiting", slots_.waiting()},
                           {"capacity", slots_.capacity()},
                           {"draining", slots_.draining()}};
  std::vector<arrow::flight::Result> results;
  results.push_back(arrow::flight::Result{arrow::Buffer::FromString(status.dump())});
  *result = std::make_unique<arrow::flight::SimpleResultStream>(std::move(results));
  return arrow::Status::OK();
}

}  // namespace warden::worker
