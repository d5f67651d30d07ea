#include "warden/planner/flight_sql_service.h"

#include <google/protobuf/any.pb.h>
#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"
#include "warden/exec/ticket_runner.h"
#include "warden/planner/auth_middleware.h"
#include "warden/planner/flight_sql.pb.h"

namespace warden::planner {

namespace flight = arrow::flight;
namespace flight_sql = arrow::flight::protocol::sql;

namespace {

/// The SQL text of a Flight SQL statement command.
arrow::Result<std::string> StatementText(const flight::FlightDescriptor& request) {
  if (request.type != flight::FlightDescriptor::CMD) {
    return Error(ErrorCode::kInvalidArgument,
                 "Warden expects Flight SQL commands, not path descriptors");
  }
  google::protobuf::Any any;
  if (!any.ParseFromString(request.cmd)) {
    return Error(ErrorCode::kInvalidArgument, "the command is not a Flight SQL message");
  }
  if (any.Is<flight_sql::CommandStatementQuery>()) {
    flight_sql::CommandStatementQuery command;
    if (!any.UnpackTo(&command)) {
      return Error(ErrorCode::kInvalidArgument, "malformed CommandStatementQuery");
    }
    return command.query();
  }
  std::string type = any.type_url().substr(any.type_url().rfind('/') + 1);
  return Error(ErrorCode::kSqlUnsupported,
               "Flight SQL command " + type + " is not supported yet");
}

}  // namespace

arrow::Result<std::unique_ptr<flight::FlightInfo>> FlightSqlService::DoGetFlightInfo(
    const flight::ServerCallContext& context, const flight::FlightDescriptor& request) {
  ARROW_ASSIGN_OR_RAISE(auto caller, CallerOf(context));
  ARROW_ASSIGN_OR_RAISE(auto sql, StatementText(request));
  ARROW_ASSIGN_OR_RAISE(auto principal, access_->ResolvePrincipal(caller.subject, caller.groups,
                                                                      caller.attributes));
  ARROW_ASSIGN_OR_RAISE(auto plan, planner_->Plan(principal, sql));
  spdlog::info("query {} by {}: {} task(s)", plan.query_id, caller.subject, plan.tasks.size());

  std::vector<flight::FlightEndpoint> endpoints;
  for (const auto& task : plan.tasks) {
    flight::FlightEndpoint endpoint;
    endpoint.ticket.ticket = task.ticket;
    for (const auto& uri : task.locations) {
      ARROW_ASSIGN_OR_RAISE(auto location, flight::Location::Parse(uri));
      endpoint.locations.push_back(std::move(location));
    }
    endpoints.push_back(std::move(endpoint));
  }
  ARROW_ASSIGN_OR_RAISE(auto info, flight::FlightInfo::Make(*plan.schema, request, endpoints,
                                                            /*total_records=*/-1,
                                                            /*total_bytes=*/-1));
  return std::make_unique<flight::FlightInfo>(std::move(info));
}

arrow::Status FlightSqlService::GetFlightInfo(const flight::ServerCallContext& context,
                                              const flight::FlightDescriptor& request,
                                              std::unique_ptr<flight::FlightInfo>* info) {
  auto result = DoGetFlightInfo(context, request);
  if (!result.ok()) {
    spdlog::info("GetFlightInfo refused: {}", FormatError(result.status()));
    return ToFlightStatus(result.status());
  }
  *info = std::move(*result);
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<flight::FlightDataStream>> FlightSqlService::DoDoGet(
    const flight::ServerCallContext& context, const flight::Ticket& request) {
  ARROW_ASSIGN_OR_RAISE(auto caller, CallerOf(context));
  ARROW_ASSIGN_OR_RAISE(auto run, exec::RunTicket(signer_, request.ticket));
  // A ticket is bound to its user: another user's ticket is refused like a forged one.
  if (run.payload.user != caller.subject) {
    return Error(ErrorCode::kTicketInvalid, "invalid ticket");
  }
  return std::make_unique<flight::RecordBatchStream>(run.reader);
}

arrow::Status FlightSqlService::DoGet(const flight::ServerCallContext& context,
                                      const flight::Ticket& request,
                                      std::unique_ptr<flight::FlightDataStream>* stream) {
  auto result = DoDoGet(context, request);
  if (!result.ok()) {
    spdlog::warn("DoGet refused from {}: {}", context.peer(), FormatError(result.status()));
    return ToFlightStatus(result.status());
  }
  *stream = std::move(*result);
  return arrow::Status::OK();
}

}  // namespace warden::planner
