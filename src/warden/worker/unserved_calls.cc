// The Flight calls a worker does not serve: refused like every call when unauthenticated
// (DESIGN §6: 401 and nothing else), else told to go to a planner.
#include "warden/common/error.h"
#include "warden/common/flight_status.h"
#include "warden/worker/worker_service.h"

namespace warden::worker {

arrow::Status WorkerService::RefuseUnservedCall(const arrow::flight::ServerCallContext& context,
                                                const std::string& method) const {
  const bool authenticated =
      caller_.Authenticate(AuthorizationHeader(context), NowSeconds()).ok() ||
      VerifyPlanner(context).ok();
  if (!authenticated) {
    return ToFlightStatus(Refuse(
        context, Error(ErrorCode::kUnauthenticated, "a bearer token is required"), method));
  }
  return ToFlightStatus(Error(ErrorCode::kInvalidArgument,
                              "a worker serves only DoGet on a planner's ticket; send " +
                                  method + " to a planner"));
}

arrow::Status WorkerService::ListFlights(const arrow::flight::ServerCallContext& context,
                                         const arrow::flight::Criteria*,
                                         std::unique_ptr<arrow::flight::FlightListing>*) {
  return RefuseUnservedCall(context, "ListFlights");
}

arrow::Status WorkerService::GetFlightInfo(const arrow::flight::ServerCallContext& context,
                                           const arrow::flight::FlightDescriptor&,
                                           std::unique_ptr<arrow::flight::FlightInfo>*) {
  return RefuseUnservedCall(context, "GetFlightInfo");
}

arrow::Status WorkerService::PollFlightInfo(const arrow::flight::ServerCallContext& context,
                                            const arrow::flight::FlightDescriptor&,
                                            std::unique_ptr<arrow::flight::PollInfo>*) {
  return RefuseUnservedCall(context, "PollFlightInfo");
}

arrow::Status WorkerService::GetSchema(const arrow::flight::ServerCallContext& context,
                                       const arrow::flight::FlightDescriptor&,
                                       std::unique_ptr<arrow::flight::SchemaResult>*) {
  return RefuseUnservedCall(context, "GetSchema");
}

arrow::Status WorkerService::DoPut(const arrow::flight::ServerCallContext& context,
                                   std::unique_ptr<arrow::flight::FlightMessageReader>,
                                   std::unique_ptr<arrow::flight::FlightMetadataWriter>) {
  return RefuseUnservedCall(context, "DoPut");
}

arrow::Status WorkerService::DoExchange(const arrow::flight::ServerCallContext& context,
                                        std::unique_ptr<arrow::flight::FlightMessageReader>,
                                        std::unique_ptr<arrow::flight::FlightMessageWriter>) {
  return RefuseUnservedCall(context, "DoExchange");
}

}  // namespace warden::worker
