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

/// A script cut at each ';' outside quotes and comments.
struct ScriptSplit {
  std::vector<std::string> terminated;  // statements that ended with ';' (without it)
  std::string rest;                     // text after the last such ';' (may be unfinished)
};
ScriptSplit SplitScript(const std::string& script);

/// The non-blank statements of a script, the unterminated rest included.
std::vector<std::string> SplitStatements(const std::string& script);

/// True when the script ends with a terminated statement (only blanks or comments after
/// the last ';'), as the shell needs before it runs what was typed.
bool EndsStatement(const std::string& script);

}  // namespace warden::cli
