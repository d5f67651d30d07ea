// AuditLog's segment side: rolling open segments into dataset files (roller thread) and
// recovering the chain head and leftover segments at Open.
#include <algorithm>
#include <limits>
#include <map>

#include <spdlog/spdlog.h>

#include "warden/audit/audit_log.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

/// One part file of an open segment, read back.
struct Part {
  std::string path;
  const AuditLocation* location = nullptr;
  bool spilled = false;
  int64_t first_in_name = 0;
  int64_t size = 0;
  std::vector<AuditEvent> events;
};

/// The parts of `chain` at `location` whose name's first sequence is in [from, to].
arrow::Result<std::vector<Part>> ReadParts(const AuditLocation& location,
                                           const std::string& chain, bool spilled,
                                           int64_t from, int64_t to) {
  ARROW_ASSIGN_OR_RAISE(auto files, location.ListFiles(location.PartDirectory(chain)));
  std::vector<Part> parts;
  for (const auto& file : files) {
    auto name = ParseAuditPath(location.Relative(file.path()));
    if (!name || name->kind != AuditFileName::Kind::kPart || name->chain != chain ||
        name->first_sequence < from || name->first_sequence > to) {
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(auto decoded, ReadAuditFile(*location.filesystem(), file.path(),
                                                      AuditFileFormat::kJsonLines));
    // The data's length, not the file's: a local part ends in pre-allocated zeros.
    parts.push_back({file.path(), &location, spilled, name->first_sequence,
                     decoded.data_bytes, std::move(decoded.events)});
  }
  return parts;
}

/// Merges the events of `parts` by sequence. The same sequence twice is fine when the
/// copies are identical (a retried batch); different copies mean a corrupted trail.
arrow::Status MergeEvents(const std::vector<Part>& parts, int64_t from, int64_t to,
                          std::map<int64_t, const AuditEvent*>* events) {
  for (const auto& part : parts) {
    for (const auto& event : part.events) {
      if (event.sequence < from || event.sequence > to) continue;
      auto [it, inserted] = events->emplace(event.sequence, &event);
      if (!inserted && it->second->hash != event.hash) {
        return Error(ErrorCode::kAuditUnavailable,
                     "two different audit events with sequence " +
                         std::to_string(event.sequence) + " in " + part.path);
      }
    }
  }
  return arrow::Status::OK();
}

/// The merged events must be exactly [first, last], each linked to its predecessor.
arrow::Status CheckContiguous(const std::map<int64_t, const AuditEvent*>& events,
                              int64_t first, int64_t last, const std::string& chain) {
  int64_t expected = first;
  const AuditEvent* previous = nullptr;
  for (const auto& [sequence, event] : events) {
    if (sequence != expected) break;
    if (previous != nullptr && event->prev_hash != previous->hash) {
      return Error(ErrorCode::kAuditUnavailable,
                   "audit chain '" + chain + "' is broken at sequence " +
                       std::to_string(sequence) + " in its open segment");
    }
    previous = event;
    ++expected;
  }
  if (expected != last + 1) {
    return Error(
        ErrorCode::kAuditUnavailable,
        "audit chain '" + chain + "': events " + std::to_string(expected) + ".." +
            std::to_string(last) +
            " of the open segment are missing (is the spill folder configured?)");
  }
  return arrow::Status::OK();
}

}  // namespace

// --- roller ----------------------------------------------------------------------------

arrow::Status AuditLog::RollSegment(const Segment& segment) {
  const std::string& chain = options_.chain_id;
  // Parts starting before the segment are leftovers of rolled segments (a failed delete):
  // read them too, their events are filtered out and the files cleaned up with these.
  ARROW_ASSIGN_OR_RAISE(auto parts, ReadParts(sink_, chain, false, 0, segment.last));
  if (spill_) {
    ARROW_ASSIGN_OR_RAISE(auto spilled, ReadParts(*spill_, chain, true, 0, segment.last));
    for (auto& part : spilled) parts.push_back(std::move(part));
  }
  std::map<int64_t, const AuditEvent*> merged;
  ARROW_RETURN_NOT_OK(MergeEvents(parts, segment.first, segment.last, &merged));
  ARROW_RETURN_NOT_OK(CheckContiguous(merged, segment.first, segment.last, chain));
  std::vector<AuditEvent> events;
  events.reserve(merged.size());
  for (const auto& [sequence, event] : merged) events.push_back(*event);

  const std::string date = UtcDate(events.front().time_us);
  ARROW_ASSIGN_OR_RAISE(auto contents, EncodeAuditFile(events, options_.format));
  const std::string rolled_path =
      sink_.RolledPath(chain, segment.first, segment.last, date, options_.format);
  ARROW_RETURN_NOT_OK(sink_.WriteFileDurably(rolled_path, *contents));
  counters_.bytes_written += contents->size();
  counters_.rolled += static_cast<int64_t>(events.size());
  counters_.rolled_files++;
  if (options_.on_rolled) options_.on_rolled();
  // The rolled file is durable: the parts are now copies. One left behind (a failed
  // delete) is harmless: identical events, removed by the next roll or Open.
  for (const auto& part : parts) {
    const bool rolled_whole =
        std::all_of(part.events.begin(), part.events.end(),
                    [&](const AuditEvent& e) { return e.sequence <= segment.last; });
    if (!rolled_whole) {  // never by construction; keep rather than lose events
      spdlog::error("audit: part {} reaches past sequence {}; kept", part.path,
                    segment.last);
      continue;
    }
    auto deleted = part.location->DeleteFileIfExists(part.path);
    if (!deleted.ok()) spdlog::warn("audit: {}", deleted.ToString());
  }
  // The segment's pieces are copies now too (one left behind is removed at the next Open).
  // A piece holding the whole segment has the rolled file's name: it is that file.
  auto pieces = pieces_.find(segment.first);
  if (pieces != pieces_.end()) {
    for (const auto& path : pieces->second) {
      if (path == rolled_path) continue;
      auto deleted = sink_.DeleteFileIfExists(path);
      if (!deleted.ok()) spdlog::warn("audit: {}", deleted.ToString());
    }
    pieces_.erase(pieces);
  }
  return arrow::Status::OK();
}

bool AuditLog::PublishDue(Clock::time_point now) const {
  return options_.publish_interval.count() > 0 && !unpublished_.empty() &&
         now >= unpublished_since_ + options_.publish_interval;
}

void AuditLog::PublishPiece(std::unique_lock<std::mutex>& lock) {
  const int64_t segment = unpublished_.front().segment_first;
  std::vector<AuditEvent> events;
  for (const auto& entry : unpublished_) {
    if (entry.segment_first != segment) break;
    events.push_back(entry.event);
  }
  lock.unlock();
  const std::string path =
      sink_.RolledPath(options_.chain_id, events.front().sequence, events.back().sequence,
                       UtcDate(events.front().time_us), options_.format);
  auto written = [&]() -> arrow::Result<int64_t> {
    ARROW_ASSIGN_OR_RAISE(auto contents, EncodeAuditFile(events, options_.format));
    ARROW_RETURN_NOT_OK(sink_.WriteFileDurably(path, *contents));
    return contents->size();
  }();
  if (written.ok()) {
    pieces_[segment].push_back(path);
    counters_.bytes_written += *written;
    counters_.pieces++;
    if (options_.on_rolled) options_.on_rolled();
  } else {
    // Pieces must stay contiguous: this segment's events show up when it rolls instead.
    spdlog::warn("audit: writing piece {} failed (the events stay queryable once their "
                 "segment rolls): {}", path, FormatError(written.status()));
  }
  lock.lock();
  if (!written.ok()) unpublishable_segment_ = segment;
  // Only the roller removes entries, so the front is still what was written.
  size_t drop = 0;
  while (drop < unpublished_.size() && unpublished_[drop].segment_first == segment &&
         (!written.ok() || drop < events.size())) {
    ++drop;
  }
  unpublished_.erase(unpublished_.begin(), unpublished_.begin() + static_cast<long>(drop));
  unpublished_since_ = Clock::now();
}

void AuditLog::RollerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    while (!stop_roller_ && (sealed_.empty() || Clock::now() < roll_retry_at_) &&
           !PublishDue(Clock::now())) {
      auto wake = sealed_.empty() ? Clock::now() + std::chrono::hours(1) : roll_retry_at_;
      if (!unpublished_.empty() && options_.publish_interval.count() > 0) {
        wake = std::min(wake, unpublished_since_ + options_.publish_interval);
      }
      roller_cv_.wait_until(lock, wake);
    }
    if (sealed_.empty() || (!stop_roller_ && Clock::now() < roll_retry_at_)) {
      if (stop_roller_ && sealed_.empty()) return;
      if (PublishDue(Clock::now()) && !stop_roller_) PublishPiece(lock);
      continue;
    }
    const Segment segment = sealed_.front();
    lock.unlock();
    arrow::Status status = RollSegment(segment);
    lock.lock();
    if (status.ok()) {
      sealed_.pop_front();
      while (!unpublished_.empty() && unpublished_.front().segment_first <= segment.first) {
        unpublished_.pop_front();  // rolled: no piece needed
      }
      rolled_sequence_ = segment.last;
      counters_.undelivered -= segment.spilled_events;
      last_roll_error_.clear();
    } else {
      counters_.sink_failures++;
      last_roll_error_ = FormatError(status);
      ++roll_failure_generation_;
      roll_retry_at_ = Clock::now() + options_.retry_interval;
      spdlog::warn("audit: rolling sequences {}..{} failed: {}", segment.first,
                   segment.last, last_roll_error_);
    }
    done_cv_.notify_all();
    if (!status.ok() && stop_roller_) return;  // Close() reports it; the next Open rolls
  }
}

// --- recovery --------------------------------------------------------------------------

arrow::Status AuditLog::RemoveCoveredFiles(const std::string& dir) {
  ARROW_ASSIGN_OR_RAISE(auto files, sink_.ListFiles(dir));
  std::vector<std::pair<AuditFileName, std::string>> mine;
  for (const auto& file : files) {
    auto name = ParseAuditPath(sink_.Relative(file.path()));
    if (name && name->kind == AuditFileName::Kind::kRolled &&
        name->chain == options_.chain_id) {
      mine.emplace_back(*name, file.path());
    }
  }
  for (const auto& [name, path] : mine) {
    const bool covered = std::any_of(mine.begin(), mine.end(), [&](const auto& other) {
      const AuditFileName& o = other.first;
      return o.first_sequence <= name.first_sequence &&
             name.last_sequence <= o.last_sequence &&
             (o.first_sequence != name.first_sequence ||
              o.last_sequence != name.last_sequence);
    });
    if (covered) {
      spdlog::info("audit: removing {}: its events are in a later rolled file", path);
      ARROW_RETURN_NOT_OK(sink_.DeleteFileIfExists(path));
    }
  }
  return arrow::Status::OK();
}

/// Finds the newest rolled file of this chain (scanning date folders newest first), reads
/// every part left under `_open/` in the sink and the spill folder, and turns events past
/// the rolled ones into sealed segments; parts holding nothing new are deleted.
arrow::Status AuditLog::Recover() {
  const std::string& chain = options_.chain_id;
  arrow::fs::FileSelector selector;
  selector.base_dir = sink_.root();
  selector.allow_not_found = true;
  ARROW_ASSIGN_OR_RAISE(auto top, sink_.filesystem()->GetFileInfo(selector));
  std::vector<std::string> date_dirs;
  for (const auto& entry : top) {
    if (entry.IsDirectory() && entry.base_name().rfind("date=", 0) == 0) {
      date_dirs.push_back(entry.path());
    }
  }
  std::sort(date_dirs.rbegin(), date_dirs.rend());
  int64_t rolled_last = 0;
  std::string newest_rolled;
  for (const auto& dir : date_dirs) {
    ARROW_ASSIGN_OR_RAISE(auto files, sink_.ListFiles(dir));
    for (const auto& file : files) {
      auto name = ParseAuditPath(sink_.Relative(file.path()));
      if (name && name->kind == AuditFileName::Kind::kRolled && name->chain == chain &&
          name->last_sequence > rolled_last) {
        rolled_last = name->last_sequence;
        newest_rolled = file.path();
      }
    }
    if (!newest_rolled.empty()) {
      ARROW_RETURN_NOT_OK(RemoveCoveredFiles(dir));
      break;
    }
  }

  constexpr int64_t kAll = std::numeric_limits<int64_t>::max();
  ARROW_ASSIGN_OR_RAISE(auto parts, ReadParts(sink_, chain, false, 0, kAll));
  if (spill_) {
    ARROW_ASSIGN_OR_RAISE(auto spilled, ReadParts(*spill_, chain, true, 0, kAll));
    for (auto& part : spilled) parts.push_back(std::move(part));
  }
  std::vector<Part> live;
  for (auto& part : parts) {
    const bool holds_new =
        std::any_of(part.events.begin(), part.events.end(),
                    [&](const AuditEvent& e) { return e.sequence > rolled_last; });
    if (holds_new) {
      live.push_back(std::move(part));
    } else {
      ARROW_RETURN_NOT_OK(part.location->DeleteFileIfExists(part.path));
    }
  }
  std::map<int64_t, const AuditEvent*> merged;
  ARROW_RETURN_NOT_OK(MergeEvents(live, rolled_last + 1, kAll, &merged));

  AuditEvent head;
  head.hash = std::string(kGenesisHash);
  if (!merged.empty()) {
    const int64_t first = rolled_last > 0 ? rolled_last + 1 : merged.begin()->first;
    ARROW_RETURN_NOT_OK(CheckContiguous(merged, first, merged.rbegin()->first, chain));
    head = *merged.rbegin()->second;
  } else if (!newest_rolled.empty()) {
    const auto format = ParseAuditPath(sink_.Relative(newest_rolled))->format;
    ARROW_ASSIGN_OR_RAISE(auto decoded,
                          ReadAuditFile(*sink_.filesystem(), newest_rolled, format));
    if (decoded.events.empty() || decoded.events.back().sequence != rolled_last) {
      return Error(ErrorCode::kAuditUnavailable,
                   "the newest audit file of chain '" + chain + "' (" + newest_rolled +
                       ") does not end with sequence " + std::to_string(rolled_last));
    }
    head = decoded.events.back();
  }
  head_hash_ = head.hash;
  next_sequence_ = head.sequence + 1;
  durable_sequence_ = head.sequence;
  rolled_sequence_ = merged.empty() ? head.sequence : rolled_last;
  counters_.head_sequence = head.sequence;

  // Leftover events become sealed segments, split at part boundaries (a part must not
  // straddle two segments) by date and size, like the flusher would have.
  std::sort(live.begin(), live.end(), [](const Part& a, const Part& b) {
    return a.first_in_name < b.first_in_name;
  });
  std::optional<Segment> segment;
  int64_t reach = rolled_last;  // the highest sequence of the parts taken so far
  for (const auto& part : live) {
    const AuditEvent* first = nullptr;
    int64_t part_last = 0, part_spilled = 0;
    for (const auto& event : part.events) {
      if (event.sequence <= rolled_last) continue;
      if (first == nullptr) first = &event;
      part_last = std::max(part_last, event.sequence);
      ++part_spilled;
    }
    const std::string date = UtcDate(first->time_us);
    const bool boundary = first->sequence > reach;
    if (segment && boundary &&
        (date > segment->date || segment->bytes >= options_.roll_bytes)) {
      sealed_.push_back(*segment);
      segment.reset();
    }
    if (!segment)
      segment = Segment{first->sequence, first->sequence, date, 0, Clock::now(), 0};
    segment->last = std::max(segment->last, part_last);
    segment->bytes += part.size;
    if (part.spilled) segment->spilled_events += part_spilled;
    reach = std::max(reach, part_last);
  }
  if (segment) sealed_.push_back(*segment);
  for (const auto& sealed : sealed_) counters_.undelivered += sealed.spilled_events;
  return arrow::Status::OK();
}

}  // namespace warden::audit
