#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <arrow/filesystem/type_fwd.h>
#include <arrow/result.h>
#include <arrow/status.h>

#include "warden/audit/audit_event.h"
#include "warden/audit/audit_file_format.h"
#include "warden/audit/audit_location.h"
#include "warden/audit/part_appender.h"

namespace warden::audit {

/// What the log does when the sink cannot take a batch.
enum class FailurePolicy {
  /// Keep the events in memory and retry; RecordDurable and Flush return
  /// WARDEN-AUDIT-UNAVAILABLE and healthy() is false until a write succeeds, so callers
  /// refuse to serve rather than serve unaudited.
  kRefuse,
  /// Write the batch durably to a local spill folder instead and carry on; the spilled
  /// events are delivered to the sink when their segment rolls (or when a log with the
  /// same chain id next opens). `undelivered` counts them meanwhile.
  kSpill,
};

std::string_view FailurePolicyName(FailurePolicy policy);
arrow::Result<FailurePolicy> ParseFailurePolicy(std::string_view name);

struct AuditLogOptions {
  /// Where the trail lives: a URI (file://, s3://bucket/prefix, …) or a local path. With
  /// `filesystem` set, a path on that filesystem.
  std::string location;
  /// Optional filesystem to write through instead of the one `location` names (custom
  /// object-store credentials, or a failing filesystem in tests).
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  AuditFileFormat format = AuditFileFormat::kParquet;
  /// This writer's chain: unique among writers running at the same time on one location,
  /// and stable across restarts so a restarted writer continues its chain and delivers
  /// what its predecessor left open, e.g. "planner-<host>-<port>". [A-Za-z0-9._-]{1,100}.
  std::string chain_id;
  FailurePolicy failure_policy = FailurePolicy::kRefuse;
  /// A local folder for kSpill (required then).
  std::string spill_dir;
  /// Bounded delay: an event passed to Record() is durable within about this long.
  std::chrono::milliseconds flush_interval{200};
  /// An open segment rolls into one dataset file after this long or this many bytes of
  /// JSON, or when an event of a later UTC date arrives.
  std::chrono::milliseconds roll_interval{60'000};
  int64_t roll_bytes = 16 << 20;
  /// Events become queryable within about this long: durable events of the open segment
  /// are also written as a small dataset file (a "piece") this often, and the pieces are
  /// replaced by the segment's one rolled file when it rolls. Zero turns pieces off
  /// (events are then queryable once their segment rolls).
  std::chrono::milliseconds publish_interval{2'000};
  /// Back-pressure: Record() refuses new events beyond this many not yet durable.
  int64_t max_pending_events = 100'000;
  /// Wait between attempts after the sink (or the spill folder) failed.
  std::chrono::milliseconds retry_interval{1'000};
  /// Called (on the roller thread) after each rolled file is durable, e.g. to drop a
  /// cached listing of the location so that queries of the trail see the new file.
  std::function<void()> on_rolled;
};

/// Monotonic counters (since Open) and gauges for /metrics and readiness.
struct AuditLogCounters {
  int64_t recorded = 0;      // events accepted by Record/RecordDurable
  int64_t rejected = 0;      // events refused by Record (buffer full, closed, invalid)
  int64_t pending = 0;       // gauge: accepted, not yet durable anywhere (memory only)
  int64_t written = 0;       // events made durable in the sink (its open segment)
  int64_t spilled = 0;       // events made durable in the spill folder instead
  int64_t undelivered = 0;   // gauge: durable only in the spill folder, not in the sink
  int64_t rolled = 0;        // events written into rolled dataset files
  int64_t rolled_files = 0;  // rolled files written
  int64_t pieces = 0;        // pieces written (early copies of open-segment events)
  int64_t unrolled_segments = 0;  // gauge: closed open segments waiting to be rolled
  int64_t sink_failures = 0;      // failed writes to the sink (batches and rolls)
  int64_t bytes_written = 0;  // bytes written to sink and spill (parts and rolled files)
  int64_t batches = 0;  // batches made durable: one write and one sync each (group commit)
  int64_t preallocated_bytes = 0;  // zeros written ahead into local open parts
  int64_t head_sequence = 0;  // gauge: sequence of the newest durable event of the chain
};

/// The audit trail writer of one process: buffers events, makes them durable in batches
/// (group commit: concurrent RecordDurable callers share one write and one fdatasync,
/// a lone caller writes at once in its own thread) as JSON lines in the open segment under `_open/<chain>/`, and rolls
/// each segment into one immutable Parquet or JSON-lines file in a Hive `date=` partition
/// (see audit_location.h for the layout and docs/audit.md for the guarantees).
///
/// Every event is chained: `sequence` counts up without gaps, `prev_hash` is the previous
/// event's `hash`, and `hash` is SHA-256 of the event's canonical JSON (event_json.h).
///
/// Thread-safe: any thread may call any method. Two background threads (flusher, roller)
/// do the writing, besides RecordDurable callers leading a group commit; Close() or the destructor stops them.
class AuditLog {
 public:
  /// Opens the log: validates options, takes the chain's lock (local sinks), recovers the
  /// chain head from the files already there and schedules leftover open segments (of a
  /// crashed predecessor, in the sink or the spill folder) for rolling.
  static arrow::Result<std::unique_ptr<AuditLog>> Open(AuditLogOptions options);

  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  /// Buffers `event` and returns at once; it becomes durable within flush_interval.
  /// Fills `event_id` and `time_us` when empty; sets the chain fields. Refused with
  /// WARDEN-AUDIT-UNAVAILABLE when too many events are pending or the log is closed, and
  /// with WARDEN-INVALID-ARGUMENT for a time outside years 1970-9999.
  arrow::Status Record(AuditEvent event);

  /// Record, then wait until the event is durable (fsynced locally, uploaded to object
  /// storage, or spilled under kSpill). Call it before acknowledging a query's final
  /// result. On error the event stays queued and will still be written when the sink
  /// recovers; the caller must not serve the result.
  arrow::Status RecordDurable(AuditEvent event);

  /// Waits until every event recorded before the call is durable.
  arrow::Status Flush();

  /// Flushes, closes the open segment and waits until it is rolled into the dataset.
  arrow::Status Roll();

  /// Flushes, rolls what is open and stops the threads. Returns an error naming what
  /// could not be written (nothing is dropped silently). Idempotent.
  arrow::Status Close();

  /// False while the log cannot make events durable (the last attempt failed).
  bool healthy() const;
  /// The last write error (empty when none since the last success).
  std::string last_error() const;
  AuditLogCounters counters() const;
  const std::string& chain_id() const { return options_.chain_id; }
  const AuditLocation& location() const { return sink_; }

 private:
  /// Events of one open segment: sequences [first, last], all in parts under `_open/`.
  struct Segment {
    int64_t first = 0;
    int64_t last = -1;
    std::string date;  // UTC date of the first event: the rolled file's partition
    int64_t bytes = 0;
    std::chrono::steady_clock::time_point opened;
    int64_t spilled_events = 0;
  };
  struct Pending {
    AuditEvent event;
    std::chrono::steady_clock::time_point enqueued;
  };
  /// A durable event not yet in a piece, with its segment's first sequence.
  struct Unpublished {
    int64_t segment_first;
    AuditEvent event;
    bool in_sink = true;  // false when it went to the spill folder instead
  };
  struct BatchOutcome {
    size_t written = 0;
    arrow::Status status;
  };
  using Clock = std::chrono::steady_clock;

  AuditLog(AuditLogOptions options, AuditLocation sink,
           std::optional<AuditLocation> spill);

  arrow::Status Recover();
  arrow::Status LockChain();
  arrow::Result<int64_t> Enqueue(AuditEvent event);
  arrow::Status WaitDurable(int64_t sequence);
  /// Group commit in the caller's thread: a caller finding no batch in flight leads: it
  /// writes and syncs everything queued in one batch. Callers arriving meanwhile follow:
  /// they wait on done_cv_ and, when the batch ends, either find their event durable or
  /// one of them leads the next batch with everything queued by then.
  arrow::Status LeadOrFollow(int64_t sequence, int64_t generation);

  void FlusherLoop();
  bool FlushDue(Clock::time_point now) const;               // requires mu_
  bool SealDue(Clock::time_point now) const;                // requires mu_
  Clock::time_point NextWake() const;                       // requires mu_
  /// Writes the front of pending_ (up to kMaxBatchEvents) as one batch. Requires
  /// write_mu_ and `lock` (on mu_), which it releases during the write.
  void WritePending(std::unique_lock<std::mutex>& lock);
  void PublishOpenState();                                  // requires write_mu_, mu_
  /// Hands events just made durable to the roller for pieces.  Requires write_mu_, mu_.
  void QueueForPieces(std::vector<Unpublished> durable);
  /// Writes `batch`; the events it made durable in the sink are appended to `durable`
  /// with their segment's first sequence, for pieces.
  BatchOutcome WriteBatch(std::vector<AuditEvent>& batch,
                          std::vector<Unpublished>* durable);  // requires write_mu_
  arrow::Status WriteRun(int64_t first, const std::string& lines, int64_t count);
  void SealOpenSegment();  // requires write_mu_; takes mu_

  void RollerLoop();
  arrow::Status RollSegment(const Segment& segment);  // roller thread, no lock
  /// Writes the oldest unpublished events of one segment as a piece. Roller thread;
  /// `lock` (on mu_) is released during the write.
  void PublishPiece(std::unique_lock<std::mutex>& lock);
  bool PublishDue(Clock::time_point now) const;  // requires mu_
  /// Removes rolled files of this chain in `dir` whose sequences another one of its
  /// files holds too (pieces left by a crash after their segment rolled).
  arrow::Status RemoveCoveredFiles(const std::string& dir);

  const AuditLogOptions options_;
  const AuditLocation sink_;
  const std::optional<AuditLocation> spill_;
  int lock_fd_ = -1;

  mutable std::mutex mu_;
  std::condition_variable flusher_cv_;   // work for the flusher
  std::condition_variable roller_cv_;    // work for the roller
  std::condition_variable done_cv_;      // progress for waiters
  std::deque<Pending> pending_;          // GUARDED_BY(mu_): sequenced, not durable
  int64_t next_sequence_ = 1;            // GUARDED_BY(mu_)
  int64_t durable_sequence_ = 0;         // GUARDED_BY(mu_)
  int64_t flush_target_ = 0;             // GUARDED_BY(mu_): flush through this now
  int64_t failure_generation_ = 0;       // GUARDED_BY(mu_): bumped by each failed batch
  bool leading_ = false;                 // GUARDED_BY(mu_): a caller leads a batch
  bool healthy_ = true;                  // GUARDED_BY(mu_)
  std::string last_error_;               // GUARDED_BY(mu_)
  Clock::time_point retry_at_{};         // GUARDED_BY(mu_): no batch before this
  bool seal_requested_ = false;          // GUARDED_BY(mu_)
  std::deque<Segment> sealed_;           // GUARDED_BY(mu_): waiting to be rolled
  /// Durable events not yet in a piece, in sequence order, and when the oldest became
  /// durable.
  std::deque<Unpublished> unpublished_;  // GUARDED_BY(mu_)
  Clock::time_point unpublished_since_{};  // GUARDED_BY(mu_)
  int64_t unpublishable_segment_ = 0;      // GUARDED_BY(mu_): no more pieces for it
  /// Roller thread only: the pieces written for each segment (by its first sequence),
  /// deleted once the segment's rolled file is durable.
  std::map<int64_t, std::vector<std::string>> pieces_;
  int64_t rolled_sequence_ = 0;          // GUARDED_BY(mu_): all ≤ are in rolled files
  int64_t roll_failure_generation_ = 0;  // GUARDED_BY(mu_)
  std::string last_roll_error_;          // GUARDED_BY(mu_)
  Clock::time_point roll_retry_at_{};    // GUARDED_BY(mu_)
  bool closing_ = false;                 // GUARDED_BY(mu_): Record refuses
  bool stop_flusher_ = false;            // GUARDED_BY(mu_)
  bool stop_roller_ = false;             // GUARDED_BY(mu_)
  bool closed_ = false;                  // GUARDED_BY(mu_)
  /// What the flusher's timers need of open_, copied whenever a writer releases it.
  struct OpenState {
    bool has_events = false;
    Clock::time_point opened{};
    int64_t bytes = 0;
  };
  OpenState open_state_;  // GUARDED_BY(mu_)

  /// Held by whoever writes a batch (the flusher or a leading RecordDurable caller);
  /// taken before mu_, never while holding it.
  std::mutex write_mu_;
  // GUARDED_BY(write_mu_).
  std::string head_hash_;
  std::optional<Segment> open_;
  PartAppender sink_appender_;
  std::optional<PartAppender> spill_appender_;
  bool sink_ok_ = true;
  Clock::time_point next_sink_probe_{};

  struct AtomicCounters {
    std::atomic<int64_t> recorded{0}, rejected{0}, written{0}, spilled{0}, undelivered{0},
        rolled{0}, rolled_files{0}, pieces{0}, sink_failures{0}, bytes_written{0}, batches{0},
        preallocated_bytes{0}, head_sequence{0};
  };
  AtomicCounters counters_;

  std::thread flusher_;
  std::thread roller_;
};

}  // namespace warden::audit
