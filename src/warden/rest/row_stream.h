#pragma once

#include <memory>
#include <string>

#include <arrow/flight/client.h>
#include <arrow/record_batch.h>
#include <arrow/result.h>

#include "warden/rest/planner_client.h"

namespace warden::rest {

/// The rows of one query, read task by task from the workers and handed out batch by
/// batch: a window [offset, offset + limit) of them, never the whole result in memory.
/// Not thread-safe; one HTTP response owns it.
class RowStream {
 public:
  /// Plans `sql` and opens the first task, so that planning and access errors surface
  /// before the caller commits to a response. `limit` < 0: no limit.
  static arrow::Result<std::unique_ptr<RowStream>> Open(PlannerClient* client,
                                                        std::string token,
                                                        const std::string& sql,
                                                        int64_t offset, int64_t limit);

  const std::shared_ptr<arrow::Schema>& schema() const { return schema_; }

  /// The next batch of the window, or nullptr at its end.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Next();

  /// After Next() returned nullptr: whether rows exist past the window.
  arrow::Result<bool> HasMore();

  int64_t rows_returned() const { return returned_; }

 private:
  RowStream(PlannerClient* client, std::string token,
            std::unique_ptr<arrow::flight::FlightInfo> info, int64_t offset, int64_t limit)
      : client_(client),
        token_(std::move(token)),
        info_(std::move(info)),
        to_skip_(offset),
        limit_(limit) {}

  /// The next non-empty batch of the whole result (before the window), or nullptr.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> NextRaw();

  PlannerClient* client_;
  std::string token_;
  std::unique_ptr<arrow::flight::FlightInfo> info_;
  std::shared_ptr<arrow::Schema> schema_;
  size_t next_endpoint_ = 0;
  std::unique_ptr<arrow::flight::FlightStreamReader> reader_;
  std::shared_ptr<arrow::RecordBatch> pending_;  // read ahead by Open() or HasMore()
  int64_t to_skip_;
  int64_t limit_;
  int64_t returned_ = 0;
};

}  // namespace warden::rest
