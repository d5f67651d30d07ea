#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <arrow/result.h>

#include "warden/audit/audit_location.h"

/// Checks an audit trail's hash chains: every event's hash, every link, every sequence
/// and every file's place (its name's sequence range and its date partition), across
/// rolled files and open segment parts, Parquet and JSON lines alike.
///
/// Accepted without complaint: an unterminated last line in an open segment part (a
/// writer killed mid-append; never acknowledged), and identical copies of an event (a
/// part that outlived its roll). Everything else that differs from what the writer wrote
/// is a problem. What no chain can show: the newest events of a chain removed together
/// with every later one (compare the printed head with one kept elsewhere).
namespace warden::audit {

struct VerifyOptions {
  /// Also read the undelivered events in this spill folder.
  std::string spill_dir;
  /// Accept chains that start after sequence 1 (older files removed by retention).
  bool allow_missing_prefix = false;
};

enum class ProblemKind {
  kAltered,     // an event's content no longer matches its hash
  kBrokenLink,  // an event's prev_hash is not its predecessor's hash (one was replaced)
  kRemoved,     // sequences missing: events or whole files deleted
  kReordered,   // sequences out of order within the chain
  kMisplaced,   // a file's contents do not match its name or date folder (swapped, moved)
  kConflict,    // one sequence with two different contents
  kMissingPrefix,  // the chain does not start at sequence 1
  kCorrupt,        // a file does not parse as audit events
};

std::string_view ProblemKindName(ProblemKind kind);

struct VerifyProblem {
  ProblemKind kind = ProblemKind::kCorrupt;
  std::string chain;
  std::string file;  // relative to the location
  int64_t row = -1;  // 0-based row in the file, -1 for the whole file
  int64_t sequence = 0;
  std::string message;
};

struct ChainSummary {
  std::string chain;
  int64_t first_sequence = 0;
  int64_t last_sequence = 0;
  int64_t events = 0;
  int64_t files = 0;
  std::string
      head_hash;  // hash of the newest event: keep it elsewhere to detect truncation
};

struct VerifyReport {
  std::vector<ChainSummary> chains;
  std::vector<VerifyProblem> problems;  // the first problem of each chain
  int64_t files = 0;
  int64_t events = 0;
  int64_t duplicates = 0;
  std::vector<std::string>
      notes;  // accepted oddities: unacknowledged tails, ignored files
  bool ok() const { return problems.empty(); }
};

/// Verifies every chain at `location`. Errors (kStorage, kInvalidArgument) only when the
/// location cannot be listed; unreadable files are problems in the report.
arrow::Result<VerifyReport> VerifyAuditTrail(const AuditLocation& location,
                                             const VerifyOptions& options = {});
arrow::Result<VerifyReport> VerifyAuditTrail(const std::string& location,
                                             const VerifyOptions& options = {});

/// The report as `warden audit verify` prints it: "OK: …" or "FAILED: …" first.
std::string FormatVerifyReport(const VerifyReport& report);

}  // namespace warden::audit
