#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <arrow/flight/client.h>
#include <arrow/result.h>
#include <arrow/table.h>

namespace warden::rest {

/// The gateway's connection to a planner and to the workers it names: the gateway is a
/// client like any other (DESIGN §2), so every read goes through the planner's policy.
/// Calls carry the end user's own bearer token. Thread-safe.
class PlannerClient {
 public:
  static arrow::Result<std::unique_ptr<PlannerClient>> Make(const std::string& planner_uri);

  /// Exchanges a password for a bearer token (Flight basic-auth handshake).
  arrow::Result<std::string> Login(const std::string& user, const std::string& password);

  /// Plans `sql` as the token's user.
  arrow::Result<std::unique_ptr<arrow::flight::FlightInfo>> Plan(const std::string& token,
                                                                  const std::string& sql);

  /// Opens the result stream of one task, trying the next listed worker when one is down.
  arrow::Result<std::unique_ptr<arrow::flight::FlightStreamReader>> Open(
      const std::string& token, const arrow::flight::FlightEndpoint& endpoint);

  /// Plans and reads the whole result: only for small results (governance statements).
  arrow::Result<std::shared_ptr<arrow::Table>> Execute(const std::string& token,
                                                       const std::string& sql);

  /// OK when the planner answers (an unauthenticated call refused is an answer).
  arrow::Status Ping();

 private:
  explicit PlannerClient(std::unique_ptr<arrow::flight::FlightClient> planner)
      : planner_(std::move(planner)) {}

  arrow::Result<arrow::flight::FlightClient*> WorkerClient(
      const arrow::flight::Location& location);

  std::unique_ptr<arrow::flight::FlightClient> planner_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<arrow::flight::FlightClient>> workers_
      /* GUARDED_BY(mutex_) */;
};

/// A status from a Flight call turned back into a Warden status: the "WARDEN-CODE:" prefix
/// the planner put in the message becomes the error code again, transport suffixes go.
arrow::Status FromFlightStatus(const arrow::Status& status);

}  // namespace warden::rest
