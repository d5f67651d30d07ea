#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <arrow/flight/server.h>

#include "warden/worker/task_audit.h"

namespace warden::worker {

/// The stream of one task's result. Errors raised while it runs (division by zero, the
/// memory limit, an unreadable file) reach the client with their WARDEN code, and are
/// reported once: closing a stream that already failed succeeds, because Arrow Flight's
/// server aborts the process when Close fails after a failed Next.
///
/// Cancellation: while the stream is open a watcher thread polls the call's
/// `is_cancelled()` (client cancel or disconnect) and then cancels the plan, which stops
/// at its next allocation even while Next() is still waiting for its first batch (a
/// long sort or aggregate). Closing or destroying the stream stops the plan too.
///
/// Thread safety: Flight calls Next/Close from one thread; the watcher only reads the
/// call context and cancels through exec::CancelExecution, which is thread-safe.
class ResultStream : public arrow::flight::FlightDataStream {
 public:
  /// `context` (may be null: no watcher) must outlive the stream, as Flight's DoGet
  /// call context does for the stream it returns. `audit` (may be null) records the task:
  /// its event is durable before the end of the stream is reported.
  ResultStream(std::shared_ptr<arrow::RecordBatchReader> reader, std::string query_id,
               const arrow::flight::ServerCallContext* context = nullptr,
               std::unique_ptr<TaskAudit> audit = nullptr);
  ~ResultStream() override;

  std::shared_ptr<arrow::Schema> schema() override { return inner_.schema(); }
  arrow::Result<arrow::flight::FlightPayload> GetSchemaPayload() override;
  arrow::Result<arrow::flight::FlightPayload> Next() override;
  arrow::Status Close() override;

 private:
  void Watch(const arrow::flight::ServerCallContext* context);
  void StopWatching();

  std::unique_ptr<TaskAudit> audit_;  // declared before inner_: it wraps the reader
  std::shared_ptr<arrow::RecordBatchReader> reader_;
  arrow::flight::RecordBatchStream inner_;
  std::string query_id_;
  bool failed_ = false;
  bool closed_ = false;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_watching_ = false;  // GUARDED_BY(mutex_)
  bool cancelled_ = false;      // GUARDED_BY(mutex_)
  std::thread watcher_;
};

}  // namespace warden::worker
