#include "warden/audit/audit_log.h"

#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "warden/audit/event_json.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

constexpr size_t kMaxBatchEvents = 4096;
constexpr int64_t kMaxTimeUs = 253'402'300'799'999'999;  // 9999-12-31T23:59:59.999999Z

arrow::Status Unavailable(const std::string& message) {
  return Error(ErrorCode::kAuditUnavailable, message);
}

}  // namespace

std::string_view FailurePolicyName(FailurePolicy policy) {
  return policy == FailurePolicy::kRefuse ? "refuse" : "spill";
}

arrow::Result<FailurePolicy> ParseFailurePolicy(std::string_view name) {
  if (name == "refuse") return FailurePolicy::kRefuse;
  if (name == "spill") return FailurePolicy::kSpill;
  return Error(
      ErrorCode::kInvalidArgument,
      "unknown audit failure policy '" + std::string(name) + "' (use refuse or spill)");
}

AuditLog::AuditLog(AuditLogOptions options, AuditLocation sink,
                   std::optional<AuditLocation> spill)
    : options_(std::move(options)),
      sink_(std::move(sink)),
      spill_(std::move(spill)),
      sink_appender_(sink_, options_.chain_id) {
  if (spill_) spill_appender_.emplace(*spill_, options_.chain_id);
}

arrow::Result<std::unique_ptr<AuditLog>> AuditLog::Open(AuditLogOptions options) {
  if (!IsValidChainId(options.chain_id)) {
    return Error(
        ErrorCode::kInvalidArgument,
        "audit chain id '" + options.chain_id +
            "' must be 1-100 characters of [A-Za-z0-9._-], not starting with '.'");
  }
  if (options.flush_interval.count() <= 0 || options.roll_interval.count() <= 0 ||
      options.retry_interval.count() <= 0 || options.roll_bytes <= 0 ||
      options.max_pending_events <= 0) {
    return Error(ErrorCode::kInvalidArgument,
                 "audit intervals and limits must be positive");
  }
  std::optional<AuditLocation> sink;
  if (options.filesystem != nullptr) {
    sink = AuditLocation::OnFileSystem(options.filesystem, options.location);
  } else {
    ARROW_ASSIGN_OR_RAISE(sink, AuditLocation::Open(options.location));
  }
  std::optional<AuditLocation> spill;
  if (options.failure_policy == FailurePolicy::kSpill) {
    if (options.spill_dir.empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   "the spill audit policy needs a spill folder");
    }
    ARROW_ASSIGN_OR_RAISE(spill, AuditLocation::Open(options.spill_dir));
    if (!spill->local()) {
      return Error(
          ErrorCode::kInvalidArgument,
          "the audit spill folder must be local, got '" + options.spill_dir + "'");
    }
  }
  std::unique_ptr<AuditLog> log(
      new AuditLog(std::move(options), std::move(*sink), std::move(spill)));
  ARROW_RETURN_NOT_OK(log->LockChain());
  ARROW_RETURN_NOT_OK(log->Recover());
  log->flusher_ = std::thread([raw = log.get()] { raw->FlusherLoop(); });
  log->roller_ = std::thread([raw = log.get()] { raw->RollerLoop(); });
  return log;
}

AuditLog::~AuditLog() {
  auto status = Close();
  if (!status.ok()) spdlog::error("audit: {}", FormatError(status));
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

/// Two live writers on one chain would fork it. Where a local folder holds the chain's
/// parts, an exclusive flock (released by the kernel even on SIGKILL) prevents that.
arrow::Status AuditLog::LockChain() {
  const AuditLocation* local = sink_.local() ? &sink_ : (spill_ ? &*spill_ : nullptr);
  if (local == nullptr) return arrow::Status::OK();
  const std::string dir = local->PartDirectory(options_.chain_id);
  ARROW_RETURN_NOT_OK(local->CreateDirDurably(dir));
  const std::string path = dir + "/.lock";
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) return Unavailable("cannot create the audit chain lock " + path);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Unavailable("audit chain '" + options_.chain_id +
                       "' is in use by another process (" + path +
                       " is locked): give each writer its own chain id");
  }
  return arrow::Status::OK();
}

// --- recording -------------------------------------------------------------------------

arrow::Result<int64_t> AuditLog::Enqueue(AuditEvent event) {
  if (event.time_us == 0) event.time_us = NowMicros();
  if (event.time_us < 0 || event.time_us > kMaxTimeUs) {
    counters_.rejected++;
    return Error(ErrorCode::kInvalidArgument, "audit event time " +
                                                  std::to_string(event.time_us) +
                                                  " is outside years 1970-9999");
  }
  if (event.event_id.empty()) {
    ARROW_ASSIGN_OR_RAISE(auto random, crypto::RandomBytes(16));
    event.event_id = crypto::HexEncode(random);
  }
  event.chain = options_.chain_id;
  event.prev_hash.clear();
  event.hash.clear();
  SanitizeText(event);
  std::lock_guard<std::mutex> lock(mu_);
  if (closing_) {
    counters_.rejected++;
    return Unavailable("the audit log is closed");
  }
  if (static_cast<int64_t>(pending_.size()) >= options_.max_pending_events) {
    counters_.rejected++;
    return Unavailable("audit buffer full (" + std::to_string(pending_.size()) +
                       " events not yet durable): " +
                       (last_error_.empty() ? "the sink is too slow" : last_error_));
  }
  event.sequence = next_sequence_++;
  const int64_t sequence = event.sequence;
  pending_.push_back({std::move(event), Clock::now()});
  counters_.recorded++;
  // The idle flusher polls every flush_interval (NextWake), so a buffered event needs no
  // wake-up (one per query would cost a context switch each); a full batch does.
  if (pending_.size() >= kMaxBatchEvents) flusher_cv_.notify_one();
  return sequence;
}

arrow::Status AuditLog::Record(AuditEvent event) {
  return Enqueue(std::move(event)).status();
}

arrow::Status AuditLog::RecordDurable(AuditEvent event) {
  ARROW_ASSIGN_OR_RAISE(int64_t sequence, Enqueue(std::move(event)));
  int64_t generation;
  {
    std::lock_guard<std::mutex> lock(mu_);
    generation = failure_generation_;
  }
  return LeadOrFollow(sequence, generation);
}

arrow::Status AuditLog::LeadOrFollow(int64_t sequence, int64_t generation) {
  std::unique_lock<std::mutex> lock(mu_);
  while (durable_sequence_ < sequence) {
    if (failure_generation_ != generation) {
      // The batch written meanwhile failed: every waiter gets the error (its event stays
      // queued and the flusher retries after retry_interval).
      return Unavailable("audit event " + std::to_string(sequence) +
                         " is not durable: " + last_error_);
    }
    if (closing_ || Clock::now() < retry_at_) {
      // Closing, or backing off after a failure: the flusher owns the retries.
      lock.unlock();
      return WaitDurable(sequence);
    }
    if (leading_) {
      // Follower: a batch is being written; wait for it, then re-check. If our event
      // came too late for it, one of the waiters leads the next batch with everything
      // queued by then (no queueing on write_mu_ one caller at a time).
      done_cv_.wait(lock);
      continue;
    }
    // Leader: one write and one sync for everything queued. write_mu_ comes before mu_.
    leading_ = true;
    lock.unlock();
    std::unique_lock<std::mutex> writing(write_mu_);
    lock.lock();
    if (durable_sequence_ < sequence && failure_generation_ == generation) {
      WritePending(lock);
    }
    leading_ = false;
    done_cv_.notify_all();
  }
  return arrow::Status::OK();
}

arrow::Status AuditLog::Flush() {
  int64_t target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    target = next_sequence_ - 1;
  }
  return WaitDurable(target);
}

arrow::Status AuditLog::WaitDurable(int64_t sequence) {
  std::unique_lock<std::mutex> lock(mu_);
  if (durable_sequence_ >= sequence) return arrow::Status::OK();
  flush_target_ = std::max(flush_target_, sequence);
  flusher_cv_.notify_one();
  const int64_t generation = failure_generation_;
  done_cv_.wait(lock, [&] {
    return durable_sequence_ >= sequence || failure_generation_ != generation || closed_;
  });
  if (durable_sequence_ >= sequence) return arrow::Status::OK();
  return Unavailable("audit event " + std::to_string(sequence) + " is not durable: " +
                     (last_error_.empty() ? "the log closed" : last_error_));
}

arrow::Status AuditLog::Roll() {
  ARROW_RETURN_NOT_OK(Flush());
  std::unique_lock<std::mutex> lock(mu_);
  const int64_t target = durable_sequence_;
  if (rolled_sequence_ >= target) return arrow::Status::OK();
  seal_requested_ = true;
  flusher_cv_.notify_one();
  const int64_t generation = roll_failure_generation_;
  done_cv_.wait(lock, [&] {
    return rolled_sequence_ >= target || roll_failure_generation_ != generation ||
           closed_;
  });
  if (rolled_sequence_ >= target) return arrow::Status::OK();
  return Unavailable("audit segment not rolled: " + last_roll_error_);
}

bool AuditLog::healthy() const {
  std::lock_guard<std::mutex> lock(mu_);
  return healthy_;
}

std::string AuditLog::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

AuditLogCounters AuditLog::counters() const {
  AuditLogCounters out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out.pending = static_cast<int64_t>(pending_.size());
    out.unrolled_segments = static_cast<int64_t>(sealed_.size());
  }
  out.recorded = counters_.recorded;
  out.rejected = counters_.rejected;
  out.written = counters_.written;
  out.spilled = counters_.spilled;
  out.undelivered = counters_.undelivered;
  out.rolled = counters_.rolled;
  out.rolled_files = counters_.rolled_files;
  out.pieces = counters_.pieces;
  out.sink_failures = counters_.sink_failures;
  out.bytes_written = counters_.bytes_written;
  out.batches = counters_.batches;
  out.preallocated_bytes = counters_.preallocated_bytes;
  out.head_sequence = counters_.head_sequence;
  return out;
}

arrow::Status AuditLog::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_ || !flusher_.joinable()) return arrow::Status::OK();
    closing_ = true;
  }
  arrow::Status flushed = Flush();
  size_t lost = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_flusher_ = true;
    flusher_cv_.notify_one();
  }
  flusher_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    lost = pending_.size();
    stop_roller_ = true;
    roller_cv_.notify_one();
  }
  roller_.join();
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  done_cv_.notify_all();
  if (lost > 0) {
    return Unavailable(std::to_string(lost) + " audit events could not be written (" +
                       last_error_ + ")");
  }
  if (!flushed.ok()) return flushed;
  if (!sealed_.empty()) {
    return Unavailable(std::to_string(sealed_.size()) +
                       " audit segments are durable but not rolled (" + last_roll_error_ +
                       "); the next log with chain id '" + options_.chain_id +
                       "' rolls them");
  }
  return arrow::Status::OK();
}

// --- flusher ---------------------------------------------------------------------------

bool AuditLog::FlushDue(Clock::time_point now) const {
  if (pending_.empty() || now < retry_at_) return false;
  return stop_flusher_ || flush_target_ >= pending_.front().event.sequence ||
         pending_.size() >= kMaxBatchEvents ||
         now - pending_.front().enqueued >= options_.flush_interval;
}

bool AuditLog::SealDue(Clock::time_point now) const {
  if (!open_state_.has_events) return false;
  return stop_flusher_ || seal_requested_ || open_state_.bytes >= options_.roll_bytes ||
         now - open_state_.opened >= options_.roll_interval;
}

AuditLog::Clock::time_point AuditLog::NextWake() const {
  auto wake = Clock::now() + options_.flush_interval;  // idle: poll for buffered events
  if (!pending_.empty()) {
    wake = std::max(pending_.front().enqueued + options_.flush_interval, retry_at_);
  }
  if (open_state_.has_events) {
    wake = std::min(wake, open_state_.opened + options_.roll_interval);
  }
  return wake;
}

void AuditLog::FlusherLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // The deadline moves as events arrive, so recompute it after every wake-up.
    while (true) {
      const auto now = Clock::now();
      if (FlushDue(now) || SealDue(now) || seal_requested_ ||
          (stop_flusher_ && (now >= retry_at_ || pending_.empty()))) {
        break;
      }
      flusher_cv_.wait_until(lock, NextWake());
    }
    // Take write_mu_ first (lock order), then re-check: a leader may have written.
    lock.unlock();
    std::unique_lock<std::mutex> writing(write_mu_);
    lock.lock();
    if (FlushDue(Clock::now())) WritePending(lock);
    if (SealDue(Clock::now())) {
      seal_requested_ = false;
      lock.unlock();
      SealOpenSegment();
      lock.lock();
      PublishOpenState();
    } else if (seal_requested_ && !open_state_.has_events) {
      seal_requested_ = false;  // nothing open: what Roll() waits for is already sealed
    }
    writing.unlock();
    if (stop_flusher_ && (pending_.empty() || !healthy_) && !open_state_.has_events) {
      return;  // Close() reports what stayed pending
    }
  }
}

void AuditLog::WritePending(std::unique_lock<std::mutex>& lock) {
  std::vector<AuditEvent> batch;
  const size_t count = std::min(pending_.size(), kMaxBatchEvents);
  if (count == 0) return;
  batch.reserve(count);
  // Moved, not copied (an event is a few dozen strings): only the batch writer, holding
  // write_mu_, reads a pending event's contents, and the front `count` entries stay in
  // pending_ (their sequence and enqueue time intact) until the batch ends.
  for (size_t i = 0; i < count; ++i) batch.push_back(std::move(pending_[i].event));
  const int64_t first_sequence = batch.front().sequence;
  lock.unlock();
  std::vector<Unpublished> durable;
  BatchOutcome outcome = WriteBatch(batch, &durable);
  lock.lock();
  QueueForPieces(std::move(durable));
  for (size_t i = 0; i < outcome.written; ++i) pending_.pop_front();
  // What was not written goes back for the retry (chain fields are set again then).
  for (size_t i = outcome.written; i < count; ++i) {
    pending_[i - outcome.written].event = std::move(batch[i]);
  }
  if (outcome.written > 0) {
    durable_sequence_ = first_sequence + static_cast<int64_t>(outcome.written) - 1;
    counters_.head_sequence = durable_sequence_;
  }
  if (outcome.status.ok()) {
    healthy_ = true;
    last_error_.clear();
  } else {
    healthy_ = false;
    last_error_ = FormatError(outcome.status);
    ++failure_generation_;
    retry_at_ = Clock::now() + options_.retry_interval;
  }
  PublishOpenState();
  done_cv_.notify_all();
}

void AuditLog::QueueForPieces(std::vector<Unpublished> durable) {
  if (options_.publish_interval.count() <= 0) return;
  const bool was_empty = unpublished_.empty();
  for (auto& entry : durable) {
    // Pieces of a segment must be contiguous from its first event: after a spilled event
    // the segment gets no more pieces (it shows up when it rolls). Events of a segment
    // sealed meanwhile roll soon and need no piece.
    if (!entry.in_sink) unpublishable_segment_ = entry.segment_first;
    if (entry.segment_first == unpublishable_segment_ || !open_ ||
        open_->first != entry.segment_first) {
      continue;
    }
    unpublished_.push_back(std::move(entry));
  }
  if (was_empty && !unpublished_.empty()) {
    unpublished_since_ = Clock::now();
    roller_cv_.notify_one();
  }
}

void AuditLog::PublishOpenState() {
  open_state_.has_events = open_ && open_->last >= open_->first;
  open_state_.opened = open_ ? open_->opened : Clock::time_point{};
  open_state_.bytes = open_ ? open_->bytes : 0;
}

void AuditLog::SealOpenSegment() {
  if (!open_) return;
  if (open_->last >= open_->first) {
    std::lock_guard<std::mutex> lock(mu_);
    sealed_.push_back(*open_);
    roller_cv_.notify_one();
  }
  open_.reset();
  sink_appender_.EndPart();
  if (spill_appender_) spill_appender_->EndPart();
}

AuditLog::BatchOutcome AuditLog::WriteBatch(std::vector<AuditEvent>& batch,
                                            std::vector<Unpublished>* durable) {
  BatchOutcome outcome;
  while (outcome.written < batch.size()) {
    const size_t begin = outcome.written;
    const std::string date = UtcDate(batch[begin].time_us);
    if (open_ && open_->last >= open_->first && date > open_->date) SealOpenSegment();
    if (!open_) {
      open_ = Segment{
          batch[begin].sequence, batch[begin].sequence - 1, date, 0, Clock::now(), 0};
    }
    // Events of a later date start a new segment (partition); late ones stay here.
    size_t end = begin;
    while (end < batch.size() && UtcDate(batch[end].time_us) <= open_->date) ++end;
    std::string lines;
    for (size_t i = begin; i < end; ++i) {
      batch[i].prev_hash = i == begin ? head_hash_ : batch[i - 1].hash;
      batch[i].hash = ComputeEventHash(batch[i]);
      lines += EventToJsonLine(batch[i]);
    }
    outcome.status =
        WriteRun(batch[begin].sequence, lines, static_cast<int64_t>(end - begin));
    if (!outcome.status.ok()) return outcome;
    head_hash_ = batch[end - 1].hash;
    open_->last = batch[end - 1].sequence;
    // Durable now: moved to the pieces queue (the caller needs only the count).
    if (options_.publish_interval.count() > 0) {
      for (size_t i = begin; i < end; ++i) {
        durable->push_back({open_->first, std::move(batch[i]), sink_ok_});
      }
    }
    open_->bytes += static_cast<int64_t>(lines.size());
    outcome.written = end;
    if (open_->bytes >= options_.roll_bytes) SealOpenSegment();
  }
  return outcome;
}

arrow::Status AuditLog::WriteRun(int64_t first, const std::string& lines, int64_t count) {
  const auto size = static_cast<int64_t>(lines.size());
  arrow::Status sink_status;
  if (options_.failure_policy == FailurePolicy::kRefuse || sink_ok_ ||
      Clock::now() >= next_sink_probe_) {
    const int64_t zeros_before = sink_appender_.preallocated_bytes();
    auto written = sink_appender_.Append(first, lines);
    counters_.preallocated_bytes += sink_appender_.preallocated_bytes() - zeros_before;
    if (written.ok()) {
      sink_ok_ = true;
      counters_.bytes_written += size;
      counters_.written += count;
      counters_.batches++;
      return arrow::Status::OK();
    }
    counters_.sink_failures++;
    sink_status = written.status();
    if (options_.failure_policy == FailurePolicy::kRefuse) {
      return Unavailable("audit sink " + sink_.root() +
                         " failed: " + sink_status.message());
    }
    sink_ok_ = false;
    next_sink_probe_ = Clock::now() + options_.retry_interval;
    spdlog::warn("audit: sink failed, spilling to {}: {}", options_.spill_dir,
                 sink_status.message());
  }
  const int64_t zeros_before = spill_appender_->preallocated_bytes();
  auto spilled = spill_appender_->Append(first, lines);
  counters_.preallocated_bytes += spill_appender_->preallocated_bytes() - zeros_before;
  if (!spilled.ok()) {
    return Unavailable(
        "audit sink and spill folder both failed: " +
        (sink_status.ok() ? std::string("sink down") : sink_status.message()) + "; " +
        spilled.status().message());
  }
  counters_.bytes_written += size;
  counters_.batches++;
  counters_.spilled += count;
  counters_.undelivered += count;
  open_->spilled_events += count;
  return arrow::Status::OK();
}

}  // namespace warden::audit
