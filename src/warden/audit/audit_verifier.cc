#include "warden/audit/audit_verifier.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "warden/audit/event_json.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

struct FileRef {
  std::string path;
  std::string display;  // relative to its location; spill files prefixed "spill:"
  const AuditLocation* location = nullptr;
  AuditFileName name;
};

bool IsHidden(const std::string& relative) {
  size_t start = 0;
  while (start < relative.size()) {
    if (relative[start] == '.') return true;
    const size_t slash = relative.find('/', start);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return false;
}

/// Walks the files of one chain in sequence order.
class ChainWalk {
 public:
  ChainWalk(std::string chain, const VerifyOptions& options, VerifyReport* report)
      : chain_(std::move(chain)), options_(options), report_(report) {
    summary_.chain = chain_;
  }

  /// Returns false after the first problem (which ends the walk of this chain).
  bool VisitFile(const FileRef& file, int64_t next_file_first);
  void Finish() {
    if (summary_.events > 0 && !failed_) report_->chains.push_back(summary_);
  }

 private:
  bool Problem(ProblemKind kind, const FileRef& file, int64_t row, int64_t sequence,
               std::string message) {
    report_->problems.push_back(
        {kind, chain_, file.display, row, sequence, std::move(message)});
    failed_ = true;
    return false;
  }
  bool CheckPlacement(const FileRef& file, const std::vector<AuditEvent>& events);
  bool VisitEvent(const FileRef& file, const std::vector<AuditEvent>& events, size_t row);

  std::string chain_;
  const VerifyOptions& options_;
  VerifyReport* report_;
  ChainSummary summary_;
  bool failed_ = false;
  std::optional<int64_t> expected_;  // the next sequence, once the first event is seen
  std::string previous_hash_;
  std::map<int64_t, std::string>
      recent_;  // sequence → hash, for spotting identical copies
};

bool ChainWalk::CheckPlacement(const FileRef& file,
                               const std::vector<AuditEvent>& events) {
  int64_t low = events.front().sequence, high = low;
  const AuditEvent* first = &events.front();
  for (const auto& event : events) {
    if (event.chain != chain_) {
      return Problem(ProblemKind::kMisplaced, file, -1, event.sequence,
                     "holds an event of chain '" + event.chain + "' (sequence " +
                         std::to_string(event.sequence) + ")");
    }
    if (event.sequence < low) first = &event;
    low = std::min(low, event.sequence);
    high = std::max(high, event.sequence);
  }
  const auto range = [](int64_t a, int64_t b) {
    return std::to_string(a) + ".." + std::to_string(b);
  };
  const bool rolled = file.name.kind == AuditFileName::Kind::kRolled;
  const int64_t name_last = rolled ? file.name.last_sequence : high;
  if (low != file.name.first_sequence || high != name_last) {
    const bool inside = low >= file.name.first_sequence && high <= name_last;
    if (inside) {
      const int64_t missing =
          low != file.name.first_sequence ? file.name.first_sequence : high + 1;
      return Problem(ProblemKind::kRemoved, file, -1, missing,
                     "holds sequences " + range(low, high) + " but was written with " +
                         range(file.name.first_sequence, name_last) + ": events removed");
    }
    return Problem(ProblemKind::kMisplaced, file, -1, low,
                   "holds sequences " + range(low, high) + " but its name says " +
                       range(file.name.first_sequence, name_last) +
                       ": files swapped or renamed");
  }
  if (rolled && UtcDate(first->time_us) != file.name.date) {
    return Problem(ProblemKind::kMisplaced, file, -1, low,
                   "is in folder date=" + file.name.date + " but its first event is of " +
                       UtcDate(first->time_us) + ": file moved");
  }
  return true;
}

bool ChainWalk::VisitEvent(const FileRef& file, const std::vector<AuditEvent>& events,
                           size_t row) {
  const AuditEvent& event = events[row];
  const auto r = static_cast<int64_t>(row);
  const int64_t s = event.sequence;
  if (ComputeEventHash(event) != event.hash) {
    return Problem(ProblemKind::kAltered, file, r, s,
                   "the content of event " + std::to_string(s) +
                       " does not match its hash: the event was altered");
  }
  if (!expected_) {
    if (s != 1 || event.prev_hash != kGenesisHash) {
      if (!options_.allow_missing_prefix) {
        return Problem(ProblemKind::kMissingPrefix, file, r, s,
                       "the chain starts at sequence " + std::to_string(s) +
                           ": events 1.." + std::to_string(s - 1) +
                           " are missing (after retention, verify with "
                           "--allow-missing-prefix)");
      }
      report_->notes.push_back("chain " + chain_ + " starts at sequence " +
                               std::to_string(s) + " (older events removed, accepted)");
    }
    summary_.first_sequence = s;
  } else if (s < *expected_) {
    auto copy = recent_.find(s);
    if (copy != recent_.end() && copy->second == event.hash) {
      ++report_->duplicates;
      return true;
    }
    if (copy != recent_.end()) {
      return Problem(
          ProblemKind::kConflict, file, r, s,
          "sequence " + std::to_string(s) + " appears twice with different content");
    }
    return Problem(ProblemKind::kReordered, file, r, s,
                   "event " + std::to_string(s) + " comes after event " +
                       std::to_string(*expected_ - 1) + ": events out of order");
  } else if (s > *expected_) {
    const int64_t want = *expected_;
    const bool later =
        std::any_of(events.begin() + static_cast<long>(row) + 1, events.end(),
                    [&](const AuditEvent& e) { return e.sequence == want; });
    if (later) {
      return Problem(ProblemKind::kReordered, file, r, s,
                     "event " + std::to_string(s) + " comes before event " +
                         std::to_string(want) + ": events out of order");
    }
    return Problem(ProblemKind::kRemoved, file, r, s,
                   "events " + std::to_string(want) + ".." + std::to_string(s - 1) +
                       " are missing before event " + std::to_string(s) +
                       ": events or a whole file removed");
  } else if (event.prev_hash != previous_hash_) {
    return Problem(ProblemKind::kBrokenLink, file, r, s,
                   "event " + std::to_string(s) + " does not link to event " +
                       std::to_string(s - 1) + ": one of them was altered or replaced");
  }
  recent_[s] = event.hash;
  previous_hash_ = event.hash;
  expected_ = s + 1;
  summary_.last_sequence = s;
  summary_.head_hash = event.hash;
  ++summary_.events;
  ++report_->events;
  return true;
}

bool ChainWalk::VisitFile(const FileRef& file, int64_t next_file_first) {
  ++report_->files;
  ++summary_.files;
  auto decoded = ReadAuditFile(*file.location->filesystem(), file.path, file.name.format);
  if (!decoded.ok()) {
    return Problem(ProblemKind::kCorrupt, file, -1, 0, decoded.status().message());
  }
  const bool rolled = file.name.kind == AuditFileName::Kind::kRolled;
  if (rolled && decoded->zero_bytes > 0) {
    return Problem(ProblemKind::kCorrupt, file, -1, 0,
                   "holds NUL bytes: only open parts are pre-allocated with zeros");
  }
  if (decoded->tail_bytes > 0) {
    if (rolled) {
      return Problem(ProblemKind::kCorrupt, file, -1, 0,
                     "ends in an unterminated line: rolled files are written whole");
    }
    report_->notes.push_back(
        "unacknowledged tail ignored: " + file.display + " ends with " +
        std::to_string(decoded->tail_bytes) + " bytes of an unfinished line" +
        (decoded->events.empty()
             ? std::string()
             : " after event " + std::to_string(decoded->events.back().sequence)));
  }
  if (decoded->events.empty()) {
    if (rolled) return Problem(ProblemKind::kCorrupt, file, -1, 0, "holds no events");
    return true;
  }
  if (!CheckPlacement(file, decoded->events)) return false;
  for (size_t row = 0; row < decoded->events.size(); ++row) {
    if (!VisitEvent(file, decoded->events, row)) return false;
  }
  // Only later files can repeat an event, and none repeats anything before its start.
  recent_.erase(recent_.begin(), recent_.lower_bound(next_file_first));
  return true;
}

arrow::Status ListInto(const AuditLocation& location, const std::string& prefix,
                       bool parts_only, VerifyReport* report,
                       std::map<std::string, std::vector<FileRef>>* chains) {
  ARROW_ASSIGN_OR_RAISE(auto files, location.ListFiles());
  for (const auto& file : files) {
    const std::string relative = location.Relative(file.path());
    if (IsHidden(relative)) continue;  // temporary files of a writer, the chain lock
    auto name = ParseAuditPath(relative);
    if (!name || (parts_only && name->kind != AuditFileName::Kind::kPart)) {
      report->notes.push_back("ignored (not an audit file): " + prefix + relative);
      continue;
    }
    (*chains)[name->chain].push_back({file.path(), prefix + relative, &location, *name});
  }
  return arrow::Status::OK();
}

arrow::Status CheckExists(const AuditLocation& location, const std::string& what) {
  ARROW_ASSIGN_OR_RAISE(auto info, location.filesystem()->GetFileInfo(location.root()));
  if (info.type() != arrow::fs::FileType::Directory) {
    return Error(ErrorCode::kStorage, what + " " + location.root() + " is not a folder");
  }
  return arrow::Status::OK();
}

}  // namespace

std::string_view ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kAltered:
      return "event altered";
    case ProblemKind::kBrokenLink:
      return "chain broken";
    case ProblemKind::kRemoved:
      return "events removed";
    case ProblemKind::kReordered:
      return "events reordered";
    case ProblemKind::kMisplaced:
      return "file misplaced";
    case ProblemKind::kConflict:
      return "conflicting events";
    case ProblemKind::kMissingPrefix:
      return "chain start missing";
    case ProblemKind::kCorrupt:
      return "file unreadable";
  }
  return "problem";
}

arrow::Result<VerifyReport> VerifyAuditTrail(const AuditLocation& location,
                                             const VerifyOptions& options) {
  ARROW_RETURN_NOT_OK(CheckExists(location, "audit location"));
  VerifyReport report;
  std::map<std::string, std::vector<FileRef>> chains;
  ARROW_RETURN_NOT_OK(ListInto(location, "", false, &report, &chains));
  std::optional<AuditLocation> spill;
  if (!options.spill_dir.empty()) {
    ARROW_ASSIGN_OR_RAISE(spill, AuditLocation::Open(options.spill_dir));
    ARROW_RETURN_NOT_OK(CheckExists(*spill, "spill folder"));
    ARROW_RETURN_NOT_OK(ListInto(*spill, "spill:", true, &report, &chains));
  }
  for (auto& [chain, files] : chains) {
    // Sequence order; a rolled file before the parts it was made of.
    std::sort(files.begin(), files.end(), [](const FileRef& a, const FileRef& b) {
      return std::tie(a.name.first_sequence, a.name.kind, a.display) <
             std::tie(b.name.first_sequence, b.name.kind, b.display);
    });
    ChainWalk walk(chain, options, &report);
    for (size_t i = 0; i < files.size(); ++i) {
      const int64_t next_first = i + 1 < files.size()
                                     ? files[i + 1].name.first_sequence
                                     : std::numeric_limits<int64_t>::max();
      if (!walk.VisitFile(files[i], next_first)) break;
    }
    walk.Finish();
  }
  return report;
}

arrow::Result<VerifyReport> VerifyAuditTrail(const std::string& location,
                                             const VerifyOptions& options) {
  ARROW_ASSIGN_OR_RAISE(auto resolved, AuditLocation::Open(location));
  return VerifyAuditTrail(resolved, options);
}

std::string FormatVerifyReport(const VerifyReport& report) {
  std::ostringstream out;
  if (report.ok()) {
    out << "OK: " << report.events << " events in " << report.files << " files, "
        << report.chains.size() << (report.chains.size() == 1 ? " chain" : " chains")
        << " verified";
    if (report.duplicates > 0) out << " (" << report.duplicates << " identical copies)";
    out << "\n";
  } else {
    for (const auto& problem : report.problems) {
      out << "FAILED: " << ProblemKindName(problem.kind) << ": chain " << problem.chain
          << ", " << problem.file;
      if (problem.row >= 0) out << " row " << problem.row;
      if (problem.sequence > 0) out << ", sequence " << problem.sequence;
      out << ": " << problem.message << "\n";
    }
  }
  for (const auto& chain : report.chains) {
    out << "  chain " << chain.chain << ": events " << chain.first_sequence << ".."
        << chain.last_sequence << " in " << chain.files << " files, head "
        << chain.head_hash << "\n";
  }
  for (const auto& note : report.notes) out << "  note: " << note << "\n";
  return out.str();
}

}  // namespace warden::audit
