#include "warden/planner/flight_sql_service.h"

#include <cctype>

#include <arrow/buffer.h>
#include <arrow/ipc/api.h>
#include <arrow/table.h>
#include <google/protobuf/any.pb.h>
#include <spdlog/spdlog.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/common/flight_status.h"
#include "warden/exec/fragment.h"
#include "warden/exec/ticket_runner.h"
#include "warden/planner/auth_middleware.h"
#include "warden/planner/flight_sql.pb.h"
#include "warden/policy/evaluation_timer.h"
#include "warden/sql/governance.h"

namespace warden::planner {

namespace flight = arrow::flight;
namespace flight_sql = arrow::flight::protocol::sql;

namespace {

constexpr const char* kCreatePreparedStatement = "CreatePreparedStatement";
constexpr const char* kClosePreparedStatement = "ClosePreparedStatement";
/// Most parameter rows one DoPut may bind (a batch of updates runs row by row).
constexpr int64_t kMaxParameterRows = 10000;

arrow::Result<google::protobuf::Any> ParseAny(const std::string& bytes) {
  google::protobuf::Any any;
  if (!any.ParseFromString(bytes)) {
    return Error(ErrorCode::kInvalidArgument, "the command is not a Flight SQL message");
  }
  return any;
}

template <typename Message>
arrow::Result<Message> Unpack(const google::protobuf::Any& any) {
  Message message;
  if (!any.UnpackTo(&message)) {
    return Error(ErrorCode::kInvalidArgument,
                 "malformed " + std::string(Message::descriptor()->name()));
  }
  return message;
}

arrow::Status Unsupported(const google::protobuf::Any& any) {
  std::string type = any.type_url().substr(any.type_url().rfind('/') + 1);
  return Error(ErrorCode::kSqlUnsupported, "Flight SQL command " + type + " is not supported");
}

arrow::Result<google::protobuf::Any> CommandOf(const flight::FlightDescriptor& request) {
  if (request.type != flight::FlightDescriptor::CMD) {
    return Error(ErrorCode::kInvalidArgument,
                 "Warden expects Flight SQL commands, not path descriptors");
  }
  return ParseAny(request.cmd);
}

arrow::Result<policy::Principal> PrincipalOf(const flight::ServerCallContext& context,
                                             const policy::AccessController& access) {
  ARROW_ASSIGN_OR_RAISE(auto caller, CallerOf(context));
  return access.ResolvePrincipal(caller.subject, caller.groups, caller.attributes);
}

std::string FirstWord(const std::string& sql) {
  size_t i = 0;
  // Leading blanks, comments and parentheses do not decide what a statement is.
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(') {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      const size_t end = sql.find('\n', i);
      i = end == std::string::npos ? sql.size() : end + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
    ++i;
  }
  return word;
}

std::string SerializedSchema(const arrow::Schema& schema) {
  auto buffer = arrow::ipc::SerializeSchema(schema);
  return buffer.ok() ? (*buffer)->ToString() : std::string();
}

std::shared_ptr<arrow::Schema> ParameterSchema(int count) {
  arrow::FieldVector fields;
  for (int i = 1; i <= count; ++i) {
    fields.push_back(arrow::field("parameter_" + std::to_string(i), arrow::utf8()));
  }
  return arrow::schema(std::move(fields));
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> ReadParameters(
    flight::FlightMessageReader* reader) {
  ARROW_ASSIGN_OR_RAISE(auto table, reader->ToTable());
  if (table->num_rows() > kMaxParameterRows) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(kMaxParameterRows) + " parameter rows per call");
  }
  return table->CombineChunksToBatch();
}

}  // namespace

bool ReturnsRows(const std::string& sql) {
  static const char* const kWriting[] = {"create", "drop",  "alter", "grant", "revoke",
                                         "comment", "msck", "insert", "update", "delete"};
  const std::string word = FirstWord(sql);
  for (const char* writing : kWriting) {
    if (word == writing) return false;
  }
  return true;
}

arrow::Result<std::unique_ptr<flight::FlightInfo>> FlightSqlService::InfoOfPlan(
    const QueryPlan& plan, const flight::FlightDescriptor& request) {
  std::vector<flight::FlightEndpoint> endpoints;
  for (const auto& task : plan.tasks) {
    flight::FlightEndpoint endpoint;
    endpoint.ticket.ticket = task.ticket;
    if (task.repeatable_order) endpoint.app_metadata = kRepeatableOrderMetadata;
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

arrow::Result<std::unique_ptr<flight::FlightInfo>> FlightSqlService::InfoOfTable(
    const policy::Principal& principal, const std::shared_ptr<arrow::Table>& table,
    const flight::FlightDescriptor& request) const {
  ARROW_ASSIGN_OR_RAISE(auto bytes, crypto::RandomBytes(16));
  ARROW_ASSIGN_OR_RAISE(auto fragment, exec::SerializeFragment(exec::InlineResult{table}));
  const int64_t expires_at_ms = NowMillis() + inline_ticket_ttl_.count() * 1000;
  QueryPlan plan{crypto::HexEncode(bytes), table->schema(), {}};
  plan.tasks.push_back(PlannedTask{
      signer_.Sign({plan.query_id, principal.user, expires_at_ms, std::move(fragment)}), {},
      /*repeatable_order=*/true});
  return InfoOfPlan(plan, request);
}

arrow::Result<std::shared_ptr<arrow::Schema>> FlightSqlService::ResultSchemaOf(
    const policy::Principal& principal, const std::string& sql) {
  if (!ReturnsRows(sql)) return arrow::schema({});
  // Placeholders become NULL: the plan's schema does not depend on the values bound later.
  ARROW_ASSIGN_OR_RAISE(auto text, BindPlaceholders(sql, nullptr, 0));
  ARROW_ASSIGN_OR_RAISE(auto plan, planner_->Plan(principal, text));
  return plan.schema;
}

arrow::Status FlightSqlService::ExecuteUpdate(const flight::ServerCallContext& context,
                                              const policy::Principal& principal,
                                              const std::string& sql) {
  PlannedStatement statement{audit::NowMicros()};
  statement.principal = principal;
  statement.sql = sql;
  auto status = [&]() -> arrow::Status {
    if (audit_ != nullptr) ARROW_RETURN_NOT_OK(audit_->Admit());
    if (!sql::IsGovernanceStatement(sql) || ReturnsRows(sql)) {
      return Error(ErrorCode::kSqlUnsupported,
                   "only statements that change the catalog or policy run as updates; send "
                   "queries as CommandStatementQuery");
    }
    ARROW_ASSIGN_OR_RAISE(auto plan, planner_->Plan(principal, sql));
    statement.query_id = plan.query_id;
    spdlog::info("update {} by {}", plan.query_id, principal.user);
    return arrow::Status::OK();
  }();
  if (audit_ != nullptr) {
    auto recorded = audit_->RecordStatement(context, statement, status);
    if (!recorded.ok()) status = recorded;
  }
  return status;
}

arrow::Result<std::unique_ptr<flight::FlightInfo>> FlightSqlService::DoGetFlightInfo(
    const flight::ServerCallContext& context, const flight::FlightDescriptor& request,
    PlannedStatement* statement) {
  ARROW_ASSIGN_OR_RAISE(statement->caller, CallerOf(context));
  if (audit_ != nullptr) ARROW_RETURN_NOT_OK(audit_->Admit());
  ARROW_ASSIGN_OR_RAISE(auto principal, access_->ResolvePrincipal(statement->caller->subject,
                                                                  statement->caller->groups,
                                                                  statement->caller->attributes));
  statement->principal = principal;
  ARROW_ASSIGN_OR_RAISE(auto any, CommandOf(request));
  // Catalog listings are audited as what they are (they reveal what the caller may see).
  statement->sql = "-- Flight SQL " + any.type_url().substr(any.type_url().rfind('/') + 1);

  std::string sql;
  if (any.Is<flight_sql::CommandStatementQuery>()) {
    ARROW_ASSIGN_OR_RAISE(auto command, Unpack<flight_sql::CommandStatementQuery>(any));
    sql = command.query();
  } else if (any.Is<flight_sql::CommandPreparedStatementQuery>()) {
    ARROW_ASSIGN_OR_RAISE(auto command,
                          Unpack<flight_sql::CommandPreparedStatementQuery>(any));
    ARROW_ASSIGN_OR_RAISE(auto statement,
                          prepared_.Get(principal.user, command.prepared_statement_handle()));
    if (statement.parameters && statement.parameters->num_rows() > 1) {
      return Error(ErrorCode::kInvalidArgument,
                   "a query takes one row of parameters, not " +
                       std::to_string(statement.parameters->num_rows()));
    }
    if (CountPlaceholders(statement.sql) > 0 && !statement.parameters) {
      return Error(ErrorCode::kInvalidArgument, "the statement's parameters are not bound");
    }
    ARROW_ASSIGN_OR_RAISE(sql, BindPlaceholders(statement.sql, statement.parameters.get(), 0));
  } else if (any.Is<flight_sql::CommandGetCatalogs>()) {
    ARROW_ASSIGN_OR_RAISE(auto table, metadata_.Catalogs());
    return InfoOfTable(principal, table, request);
  } else if (any.Is<flight_sql::CommandGetDbSchemas>()) {
    ARROW_ASSIGN_OR_RAISE(auto command, Unpack<flight_sql::CommandGetDbSchemas>(any));
    std::optional<std::string> catalog, pattern;
    if (command.has_catalog()) catalog = command.catalog();
    if (command.has_db_schema_filter_pattern()) pattern = command.db_schema_filter_pattern();
    ARROW_ASSIGN_OR_RAISE(auto table, metadata_.DbSchemas(principal, catalog, pattern));
    return InfoOfTable(principal, table, request);
  } else if (any.Is<flight_sql::CommandGetTables>()) {
    ARROW_ASSIGN_OR_RAISE(auto command, Unpack<flight_sql::CommandGetTables>(any));
    TablesRequest tables;
    if (command.has_catalog()) tables.catalog = command.catalog();
    if (command.has_db_schema_filter_pattern()) {
      tables.schema_pattern = command.db_schema_filter_pattern();
    }
    if (command.has_table_name_filter_pattern()) {
      tables.table_pattern = command.table_name_filter_pattern();
    }
    tables.table_types.assign(command.table_types().begin(), command.table_types().end());
    tables.include_schema = command.include_schema();
    ARROW_ASSIGN_OR_RAISE(auto table, metadata_.Tables(principal, tables));
    return InfoOfTable(principal, table, request);
  } else if (any.Is<flight_sql::CommandGetTableTypes>()) {
    ARROW_ASSIGN_OR_RAISE(auto table, FlightSqlMetadata::TableTypes());
    return InfoOfTable(principal, table, request);
  } else if (any.Is<flight_sql::CommandGetSqlInfo>()) {
    ARROW_ASSIGN_OR_RAISE(auto command, Unpack<flight_sql::CommandGetSqlInfo>(any));
    std::vector<uint32_t> ids(command.info().begin(), command.info().end());
    ARROW_ASSIGN_OR_RAISE(auto table, FlightSqlMetadata::SqlInfo(ids));
    return InfoOfTable(principal, table, request);
  } else if (any.Is<flight_sql::CommandGetXdbcTypeInfo>()) {
    ARROW_ASSIGN_OR_RAISE(auto command, Unpack<flight_sql::CommandGetXdbcTypeInfo>(any));
    std::optional<int32_t> data_type;
    if (command.has_data_type()) data_type = command.data_type();
    ARROW_ASSIGN_OR_RAISE(auto table, FlightSqlMetadata::XdbcTypeInfo(data_type));
    return InfoOfTable(principal, table, request);
  } else {
    return Unsupported(any);
  }

  statement->sql = sql;
  ARROW_ASSIGN_OR_RAISE(auto plan, planner_->Plan(principal, sql));
  statement->query_id = plan.query_id;
  statement->access = plan.access;
  statement->tasks = plan.tasks.size();
  for (const auto& task : plan.tasks) statement->task_locations.push_back(task.locations);
  const auto* policy_time = policy::PolicyEvaluationTimer::Current();
  spdlog::info("query {} by {}: {} task(s), policy evaluation {:.3f} ms", plan.query_id,
               principal.user, plan.tasks.size(),
               policy_time == nullptr
                   ? 0.0
                   : std::chrono::duration<double, std::milli>(policy_time->elapsed()).count());
  return InfoOfPlan(plan, request);
}

arrow::Status FlightSqlService::GetFlightInfo(const flight::ServerCallContext& context,
                                              const flight::FlightDescriptor& request,
                                              std::unique_ptr<flight::FlightInfo>* info) {
  PlannedStatement statement{audit::NowMicros()};
  policy::PolicyEvaluationTimer policy_time;
  auto result = DoGetFlightInfo(context, request, &statement);
  if (audit_ != nullptr) {
    auto recorded = audit_->RecordStatement(context, statement, result.status());
    if (!recorded.ok()) result = recorded;
  }
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
  // Any ticket may be run here, even a worker's: its plan event (maybe only buffered, in
  // `warden serve`) must be durable before this stream can end.
  if (audit_ != nullptr) ARROW_RETURN_NOT_OK(audit_->BeforeServingTicket());
  return std::make_unique<flight::RecordBatchStream>(run.reader);
}

arrow::Status FlightSqlService::DoGet(const flight::ServerCallContext& context,
                                      const flight::Ticket& request,
                                      std::unique_ptr<flight::FlightDataStream>* stream) {
  auto result = DoDoGet(context, request);
  if (!result.ok()) {
    if (audit_ != nullptr) audit_->RecordDoGetFailure(context, result.status());
    spdlog::warn("DoGet refused from {}: {}", context.peer(), FormatError(result.status()));
    return ToFlightStatus(result.status());
  }
  *stream = std::move(*result);
  return arrow::Status::OK();
}

arrow::Status FlightSqlService::DoDoPut(const flight::ServerCallContext& context,
                                        flight::FlightMessageReader* reader,
                                        flight::FlightMetadataWriter* writer) {
  ARROW_ASSIGN_OR_RAISE(auto principal, PrincipalOf(context, *access_));
  ARROW_ASSIGN_OR_RAISE(auto any, CommandOf(reader->descriptor()));
  int64_t record_count = 0;
  if (any.Is<flight_sql::CommandStatementUpdate>()) {
    ARROW_ASSIGN_OR_RAISE(auto command, Unpack<flight_sql::CommandStatementUpdate>(any));
    ARROW_RETURN_NOT_OK(ExecuteUpdate(context, principal, command.query()));
  } else if (any.Is<flight_sql::CommandPreparedStatementQuery>()) {
    // Binding parameters: remembered until the next GetFlightInfo on the handle.
    ARROW_ASSIGN_OR_RAISE(auto command,
                          Unpack<flight_sql::CommandPreparedStatementQuery>(any));
    ARROW_ASSIGN_OR_RAISE(auto parameters, ReadParameters(reader));
    const std::string& handle = command.prepared_statement_handle();
    ARROW_RETURN_NOT_OK(prepared_.Bind(principal.user, handle, std::move(parameters)));
    flight_sql::DoPutPreparedStatementResult result;
    result.set_prepared_statement_handle(handle);
    return writer->WriteMetadata(*arrow::Buffer::FromString(result.SerializeAsString()));
  } else if (any.Is<flight_sql::CommandPreparedStatementUpdate>()) {
    ARROW_ASSIGN_OR_RAISE(auto command,
                          Unpack<flight_sql::CommandPreparedStatementUpdate>(any));
    ARROW_ASSIGN_OR_RAISE(auto statement,
                          prepared_.Get(principal.user, command.prepared_statement_handle()));
    ARROW_ASSIGN_OR_RAISE(auto parameters, ReadParameters(reader));
    if (parameters->num_rows() == 0) {
      ARROW_ASSIGN_OR_RAISE(auto sql, BindPlaceholders(statement.sql, nullptr, 0));
      if (CountPlaceholders(statement.sql) > 0) {
        return Error(ErrorCode::kInvalidArgument, "the statement's parameters are not bound");
      }
      ARROW_RETURN_NOT_OK(ExecuteUpdate(context, principal, sql));
    }
    for (int64_t row = 0; row < parameters->num_rows(); ++row) {
      ARROW_ASSIGN_OR_RAISE(auto sql, BindPlaceholders(statement.sql, parameters.get(), row));
      ARROW_RETURN_NOT_OK(ExecuteUpdate(context, principal, sql));
    }
  } else {
    return Unsupported(any);
  }
  flight_sql::DoPutUpdateResult result;
  result.set_record_count(record_count);
  return writer->WriteMetadata(*arrow::Buffer::FromString(result.SerializeAsString()));
}

arrow::Status FlightSqlService::DoPut(const flight::ServerCallContext& context,
                                      std::unique_ptr<flight::FlightMessageReader> reader,
                                      std::unique_ptr<flight::FlightMetadataWriter> writer) {
  auto status = DoDoPut(context, reader.get(), writer.get());
  if (!status.ok()) {
    spdlog::info("DoPut refused: {}", FormatError(status));
    return ToFlightStatus(status);
  }
  return status;
}

arrow::Result<std::string> FlightSqlService::DoDoAction(
    const flight::ServerCallContext& context, const flight::Action& action) {
  ARROW_ASSIGN_OR_RAISE(auto principal, PrincipalOf(context, *access_));
  ARROW_ASSIGN_OR_RAISE(auto any,
                        ParseAny(action.body ? action.body->ToString() : std::string()));
  if (action.type == kCreatePreparedStatement) {
    ARROW_ASSIGN_OR_RAISE(auto request,
                          Unpack<flight_sql::ActionCreatePreparedStatementRequest>(any));
    ARROW_ASSIGN_OR_RAISE(auto schema, ResultSchemaOf(principal, request.query()));
    ARROW_ASSIGN_OR_RAISE(auto handle, prepared_.Create(principal.user, request.query()));
    flight_sql::ActionCreatePreparedStatementResult result;
    result.set_prepared_statement_handle(handle);
    if (schema->num_fields() > 0) result.set_dataset_schema(SerializedSchema(*schema));
    const int parameters = CountPlaceholders(request.query());
    if (parameters > 0) {
      result.set_parameter_schema(SerializedSchema(*ParameterSchema(parameters)));
    }
    google::protobuf::Any packed;
    packed.PackFrom(result);
    return packed.SerializeAsString();
  }
  if (action.type == kClosePreparedStatement) {
    ARROW_ASSIGN_OR_RAISE(auto request,
                          Unpack<flight_sql::ActionClosePreparedStatementRequest>(any));
    ARROW_RETURN_NOT_OK(prepared_.Close(principal.user, request.prepared_statement_handle()));
    return std::string();
  }
  return Error(ErrorCode::kSqlUnsupported,
               "Flight action " + action.type + " is not supported");
}

arrow::Status FlightSqlService::DoAction(const flight::ServerCallContext& context,
                                         const flight::Action& action,
                                         std::unique_ptr<flight::ResultStream>* result) {
  auto body = DoDoAction(context, action);
  if (!body.ok()) {
    spdlog::info("DoAction {} refused: {}", action.type, FormatError(body.status()));
    return ToFlightStatus(body.status());
  }
  std::vector<flight::Result> results;
  if (!body->empty() || action.type == kCreatePreparedStatement) {
    results.push_back(flight::Result{arrow::Buffer::FromString(std::move(*body))});
  }
  *result = std::make_unique<flight::SimpleResultStream>(std::move(results));
  return arrow::Status::OK();
}

arrow::Status FlightSqlService::ListActions(const flight::ServerCallContext&,
                                            std::vector<flight::ActionType>* actions) {
  *actions = {{kCreatePreparedStatement, "Prepare a statement with ? or $n parameters"},
              {kClosePreparedStatement, "Close a prepared statement"}};
  return arrow::Status::OK();
}

}  // namespace warden::planner
