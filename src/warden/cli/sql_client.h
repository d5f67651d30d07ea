#pragma once

#include <map>
#include <memory>
#include <string>

#include <arrow/flight/client.h>
#include <arrow/result.h>
#include <arrow/table.h>

namespace warden::cli {

/// A minimal Flight SQL client: authenticate, send a statement, read every endpoint of the
/// result from the locations it names (trying the next location when one is down). Not
/// thread-safe.
class SqlClient {
 public:
  static arrow::Result<std::unique_ptr<SqlClient>> Connect(const std::string& uri,
                                                           const std::string& user,
                                                           const std::string& password);

  arrow::Result<std::shared_ptr<arrow::Table>> Execute(const std::string& sql);

 private:
  SqlClient(std::unique_ptr<arrow::flight::FlightClient> planner,
            arrow::flight::FlightCallOptions options)
      : planner_(std::move(planner)), options_(std::move(options)) {}

  arrow::Result<std::shared_ptr<arrow::Table>> ReadEndpoint(
      const arrow::flight::FlightEndpoint& endpoint);
  arrow::Result<arrow::flight::FlightClient*> ClientFor(const arrow::flight::Location& where);

  std::unique_ptr<arrow::flight::FlightClient> planner_;
  arrow::flight::FlightCallOptions options_;  // carries the bearer token
  std::map<std::string, std::unique_ptr<arrow::flight::FlightClient>> workers_;
};

/// The user-facing line for a failed call: Warden's "WARDEN-CODE: message" without the
/// transport's debugging suffixes.
std::string ClientErrorText(const arrow::Status& status);

/// Splits a script into statements at ';' outside quotes and comments.
std::vector<std::string> SplitStatements(const std::string& script);

}  // namespace warden::cli
