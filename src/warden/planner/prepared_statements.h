#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <arrow/record_batch.h>
#include <arrow/result.h>

namespace warden::planner {

/// One prepared statement: its SQL text with placeholders and the parameters bound last.
struct PreparedStatement {
  std::string user;  // only its creator may use it
  std::string sql;
  std::shared_ptr<arrow::RecordBatch> parameters;  // null until bound
};

/// The Flight SQL prepared statements of one planner, by opaque random handle. A handle is
/// bound to the user who created it: to anyone else it does not exist. Statements left
/// open expire after `idle_ttl` without use. Thread-safe.
class PreparedStatementRegistry {
 public:
  explicit PreparedStatementRegistry(
      std::chrono::seconds idle_ttl = std::chrono::hours(1), size_t max_statements = 10000)
      : idle_ttl_(idle_ttl), max_statements_(max_statements) {}

  /// Registers `sql` for `user`; returns the handle.
  arrow::Result<std::string> Create(const std::string& user, std::string sql);
  /// The statement; an unknown, expired or foreign handle is kInvalidArgument.
  arrow::Result<PreparedStatement> Get(const std::string& user, const std::string& handle);
  arrow::Status Bind(const std::string& user, const std::string& handle,
                     std::shared_ptr<arrow::RecordBatch> parameters);
  arrow::Status Close(const std::string& user, const std::string& handle);

 private:
  struct Entry {
    PreparedStatement statement;
    std::chrono::steady_clock::time_point last_used;
  };
  /// Drops statements idle for longer than idle_ttl_. Requires mutex_.
  void ExpireIdle(std::chrono::steady_clock::time_point now);
  arrow::Result<Entry*> Find(const std::string& user, const std::string& handle);

  const std::chrono::seconds idle_ttl_;
  const size_t max_statements_;
  std::mutex mutex_;
  std::map<std::string, Entry> statements_;  // GUARDED_BY(mutex_)
};

/// The number of parameter placeholders in `sql`: each `?`, or the highest `$n`, outside
/// string literals, quoted identifiers and comments.
int CountPlaceholders(const std::string& sql);

/// `sql` with each placeholder replaced by a SQL literal of row `row` of `parameters`
/// (`?` takes the next column, `$n` column n). With no parameters each placeholder becomes
/// NULL (used to learn a statement's result schema before any parameter is bound).
/// kInvalidArgument for a missing parameter or a value type Warden cannot write as SQL.
arrow::Result<std::string> BindPlaceholders(const std::string& sql,
                                            const arrow::RecordBatch* parameters,
                                            int64_t row);

}  // namespace warden::planner
