#pragma once

#include <memory>
#include <string>

#include <arrow/flight/server.h>

#include "warden/worker/task_audit.h"

namespace warden::worker {

/// The stream of one task's result. Errors raised while it runs (division by zero, the
/// memory limit, an unreadable file) reach the client with their WARDEN code, and are
/// reported once: closing a stream that already failed succeeds, because Arrow Flight's
/// server aborts the process when Close fails after a failed Next.
class ResultStream : public arrow::flight::FlightDataStream {
 public:
  /// `audit` (may be null) records the task: its event is durable before the end of
  /// the stream is reported.
  ResultStream(std::shared_ptr<arrow::RecordBatchReader> reader, std::string query_id,
               std::unique_ptr<TaskAudit> audit = nullptr);

  std::shared_ptr<arrow::Schema> schema() override { return inner_.schema(); }
  arrow::Result<arrow::flight::FlightPayload> GetSchemaPayload() override;
  arrow::Result<arrow::flight::FlightPayload> Next() override;
  arrow::Status Close() override;

 private:
  std::unique_ptr<TaskAudit> audit_;  // declared first: it wraps the reader
  arrow::flight::RecordBatchStream inner_;
  std::string query_id_;
  bool failed_ = false;
  bool closed_ = false;
};

}  // namespace warden::worker
