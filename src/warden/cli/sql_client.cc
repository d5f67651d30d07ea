#include "warden/cli/sql_client.h"

#include <google/protobuf/any.pb.h>

#include "warden/planner/flight_sql.pb.h"

namespace warden::cli {

namespace flight = arrow::flight;

arrow::Result<std::unique_ptr<SqlClient>> SqlClient::Connect(const std::string& uri,
                                                             const std::string& user,
                                                             const std::string& password) {
  ARROW_ASSIGN_OR_RAISE(auto location, flight::Location::Parse(uri));
  ARROW_ASSIGN_OR_RAISE(auto planner, flight::FlightClient::Connect(location));
  ARROW_ASSIGN_OR_RAISE(auto bearer,
                        planner->AuthenticateBasicToken({}, user, password));
  flight::FlightCallOptions options;
  options.headers.push_back(bearer);
  return std::unique_ptr<SqlClient>(new SqlClient(std::move(planner), std::move(options)));
}

arrow::Result<flight::FlightClient*> SqlClient::ClientFor(const flight::Location& where) {
  auto& client = workers_[where.ToString()];
  if (!client) {
    ARROW_ASSIGN_OR_RAISE(client, flight::FlightClient::Connect(where));
  }
  return client.get();
}

arrow::Result<std::shared_ptr<arrow::Table>> SqlClient::ReadEndpoint(
    const flight::FlightEndpoint& endpoint) {
  if (endpoint.locations.empty()) {
    ARROW_ASSIGN_OR_RAISE(auto stream, planner_->DoGet(options_, endpoint.ticket));
    return stream->ToTable();
  }
  arrow::Status last_error;
  for (const auto& location : endpoint.locations) {
    ARROW_ASSIGN_OR_RAISE(auto* client, ClientFor(location));
    auto stream = client->DoGet(options_, endpoint.ticket);
    if (stream.ok()) {
      auto table = (*stream)->ToTable();
      if (table.ok() || !table.status().IsIOError()) return table;
      last_error = table.status();
    } else {
      last_error = stream.status();
      // Only an unreachable worker is worth another location; a refusal is final.
      if (!last_error.IsIOError()) return last_error;
    }
  }
  return last_error;
}

arrow::Result<std::shared_ptr<arrow::Table>> SqlClient::Execute(const std::string& sql) {
  arrow::flight::protocol::sql::CommandStatementQuery command;
  command.set_query(sql);
  google::protobuf::Any any;
  any.PackFrom(command);
  auto descriptor = flight::FlightDescriptor::Command(any.SerializeAsString());
  ARROW_ASSIGN_OR_RAISE(auto info, planner_->GetFlightInfo(options_, descriptor));
  arrow::ipc::DictionaryMemo memo;
  ARROW_ASSIGN_OR_RAISE(auto schema, info->GetSchema(&memo));
  std::vector<std::shared_ptr<arrow::Table>> parts;
  for (const auto& endpoint : info->endpoints()) {
    ARROW_ASSIGN_OR_RAISE(auto part, ReadEndpoint(endpoint));
    parts.push_back(std::move(part));
  }
  if (parts.empty()) return arrow::Table::MakeEmpty(schema);
  return arrow::ConcatenateTables(parts);
}

std::string ClientErrorText(const arrow::Status& status) {
  std::string message = status.message();
  for (const char* suffix : {". Detail:", ". gRPC client debug context:", ". Client context:"}) {
    const size_t at = message.find(suffix);
    if (at != std::string::npos) message.resize(at);
  }
  if (message.rfind("WARDEN-", 0) == 0) return message;
  return status.ToString();
}

namespace {

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

ScriptSplit SplitScript(const std::string& script) {
  ScriptSplit split;
  std::string current;
  char quote = 0;
  for (size_t i = 0; i < script.size(); ++i) {
    const char c = script[i];
    if (quote) {
      current.push_back(c);
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') ++i;
      current.push_back('\n');
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') quote = c;
    if (c == ';') {
      split.terminated.push_back(std::move(current));
      current.clear();
      continue;
    }
    current.push_back(c);
  }
  split.rest = std::move(current);
  return split;
}

std::vector<std::string> SplitStatements(const std::string& script) {
  ScriptSplit split = SplitScript(script);
  split.terminated.push_back(std::move(split.rest));
  std::vector<std::string> non_empty;
  for (auto& statement : split.terminated) {
    if (!IsBlank(statement)) non_empty.push_back(std::move(statement));
  }
  return non_empty;
}

bool EndsStatement(const std::string& script) {
  const ScriptSplit split = SplitScript(script);
  return !split.terminated.empty() && IsBlank(split.rest);
}

}  // namespace warden::cli
