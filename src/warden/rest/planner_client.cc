#include "warden/rest/planner_client.h"

#include <chrono>

#include <google/protobuf/any.pb.h>

#include "warden/common/error.h"
#include "warden/planner/flight_sql.pb.h"

namespace warden::rest {

namespace flight = arrow::flight;

namespace {

constexpr auto kCallTimeout = std::chrono::seconds(300);

flight::FlightCallOptions CallOptions(const std::string& token) {
  flight::FlightCallOptions options;
  options.headers.emplace_back("authorization", "Bearer " + token);
  options.timeout = flight::TimeoutDuration(kCallTimeout.count());
  return options;
}

std::optional<ErrorCode> ParseErrorCode(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    if (ErrorCodeName(code) == name) return code;
  }
  return std::nullopt;
}

}  // namespace

arrow::Status FromFlightStatus(const arrow::Status& status) {
  if (status.ok()) return status;
  std::string message = status.message();
  for (const char* suffix : {". Detail:", ". gRPC client debug context:", ". Client context:"}) {
    const size_t at = message.find(suffix);
    if (at != std::string::npos) message.resize(at);
  }
  const size_t colon = message.find(": ");
  if (message.rfind("WARDEN-", 0) == 0 && colon != std::string::npos) {
    if (auto code = ParseErrorCode(std::string_view(message).substr(0, colon))) {
      return Error(*code, message.substr(colon + 2));
    }
  }
  auto flight_detail = flight::FlightStatusDetail::UnwrapStatus(status);
  if (flight_detail) {
    switch (flight_detail->code()) {
      case flight::FlightStatusCode::Unauthenticated:
        return Error(ErrorCode::kUnauthenticated, "authentication required");
      case flight::FlightStatusCode::Unauthorized:
        return Error(ErrorCode::kPermissionDenied, "permission denied");
      case flight::FlightStatusCode::Unavailable:
        return Error(ErrorCode::kUnavailable, "planner or worker unavailable");
      default:
        break;
    }
  }
  if (status.IsIOError()) return Error(ErrorCode::kUnavailable, "planner or worker unavailable");
  return Error(ErrorCode::kInternal, message);
}

arrow::Result<std::unique_ptr<PlannerClient>> PlannerClient::Make(
    const std::string& planner_uri) {
  ARROW_ASSIGN_OR_RAISE(auto location, flight::Location::Parse(planner_uri));
  ARROW_ASSIGN_OR_RAISE(auto planner, flight::FlightClient::Connect(location));
  return std::unique_ptr<PlannerClient>(new PlannerClient(std::move(planner)));
}

arrow::Result<std::string> PlannerClient::Login(const std::string& user,
                                                const std::string& password) {
  flight::FlightCallOptions options;
  options.timeout = flight::TimeoutDuration(30);
  auto header = planner_->AuthenticateBasicToken(options, user, password);
  if (!header.ok()) return FromFlightStatus(header.status());
  const std::string prefix = "Bearer ";
  if (header->second.rfind(prefix, 0) != 0) {
    return Error(ErrorCode::kInternal, "planner answered the login without a bearer token");
  }
  return header->second.substr(prefix.size());
}

arrow::Result<std::unique_ptr<flight::FlightInfo>> PlannerClient::Plan(
    const std::string& token, const std::string& sql) {
  arrow::flight::protocol::sql::CommandStatementQuery command;
  command.set_query(sql);
  google::protobuf::Any any;
  any.PackFrom(command);
  auto descriptor = flight::FlightDescriptor::Command(any.SerializeAsString());
  auto info = planner_->GetFlightInfo(CallOptions(token), descriptor);
  if (!info.ok()) return FromFlightStatus(info.status());
  return std::move(*info);
}

arrow::Result<flight::FlightClient*> PlannerClient::WorkerClient(
    const flight::Location& location) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& client = workers_[location.ToString()];
  if (!client) {
    ARROW_ASSIGN_OR_RAISE(client, flight::FlightClient::Connect(location));
  }
  return client.get();
}

arrow::Result<std::unique_ptr<flight::FlightStreamReader>> PlannerClient::Open(
    const std::string& token, const flight::FlightEndpoint& endpoint) {
  const auto options = CallOptions(token);
  if (endpoint.locations.empty()) {
    auto stream = planner_->DoGet(options, endpoint.ticket);
    if (!stream.ok()) return FromFlightStatus(stream.status());
    return std::move(*stream);
  }
  arrow::Status last_error;
  for (const auto& location : endpoint.locations) {
    ARROW_ASSIGN_OR_RAISE(auto* client, WorkerClient(location));
    auto stream = client->DoGet(options, endpoint.ticket);
    if (stream.ok()) return std::move(*stream);
    last_error = stream.status();
    // Only an unreachable worker is worth another location; a refusal is final.
    if (!last_error.IsIOError()) break;
  }
  return FromFlightStatus(last_error);
}

arrow::Result<std::shared_ptr<arrow::Table>> PlannerClient::Execute(const std::string& token,
                                                                    const std::string& sql) {
  ARROW_ASSIGN_OR_RAISE(auto info, Plan(token, sql));
  arrow::ipc::DictionaryMemo memo;
  ARROW_ASSIGN_OR_RAISE(auto schema, info->GetSchema(&memo));
  std::vector<std::shared_ptr<arrow::Table>> parts;
  for (const auto& endpoint : info->endpoints()) {
    ARROW_ASSIGN_OR_RAISE(auto stream, Open(token, endpoint));
    auto table = stream->ToTable();
    if (!table.ok()) return FromFlightStatus(table.status());
    parts.push_back(std::move(*table));
  }
  if (parts.empty()) return arrow::Table::MakeEmpty(schema);
  return arrow::ConcatenateTables(parts);
}

arrow::Status PlannerClient::Ping() {
  flight::FlightCallOptions options;
  options.timeout = flight::TimeoutDuration(2);
  auto actions = planner_->ListActions(options);
  if (actions.ok()) return arrow::Status::OK();
  const arrow::Status status = FromFlightStatus(actions.status());
  if (ErrorCodeOf(status) == ErrorCode::kUnavailable) return status;
  return arrow::Status::OK();  // refused, unimplemented...: the planner is up
}

}  // namespace warden::rest
