#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/filesystem/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/audit/audit_event.h"

/// The two file formats of the audit trail: Parquet (default: compact, typed, what
/// `warden_system.audit_logs` scans fastest) and JSON lines (greppable; also the format
/// of open segments, which are appended to). Both hold the same columns (event_arrow.h).
namespace warden::audit {

enum class AuditFileFormat { kParquet, kJsonLines };

/// "parquet" or "jsonl".
std::string_view FormatName(AuditFileFormat format);
/// Accepts "parquet", "jsonl", "json" (kInvalidArgument otherwise).
arrow::Result<AuditFileFormat> ParseFormatName(std::string_view name);
/// ".parquet" or ".jsonl".
std::string_view FileExtension(AuditFileFormat format);

/// The bytes of one complete file holding `events` in order.
arrow::Result<std::shared_ptr<arrow::Buffer>> EncodeAuditFile(
    const std::vector<AuditEvent>& events, AuditFileFormat format);

/// `events` as JSON lines, one '\n'-terminated line each.
std::string EncodeJsonLines(const std::vector<AuditEvent>& events);

/// What a file holds. `tail_bytes` counts the non-NUL bytes after the last complete line
/// of a JSON-lines file: an unterminated last line, which a writer killed mid-append
/// leaves behind and which was never acknowledged (acknowledgement follows the fsync of
/// whole lines). `zero_bytes` counts the NUL bytes after it: a local open part is
/// pre-allocated with zeros (part_appender.h), and a line never holds a NUL, so the
/// first NUL ends the data.
struct DecodedAuditFile {
  std::vector<AuditEvent> events;
  int64_t data_bytes = 0;  // JSON lines: the length of the complete lines
  int64_t tail_bytes = 0;
  int64_t zero_bytes = 0;
};

/// Parses JSON lines up to the first NUL byte (or the end). A '\n'-terminated line that
/// is not a valid event is an error naming the line (kInvalidArgument); the bytes after
/// the last complete line are reported as `tail_bytes` and `zero_bytes`: whatever
/// follows the first NUL was never acknowledged (the writer syncs whole batches into the
/// zeroed region in order), even where a crash wrote parts of a batch out of order.
arrow::Result<DecodedAuditFile> DecodeJsonLines(std::string_view text);

/// Reads a whole audit file of `format` from `filesystem` (kStorage when unreadable,
/// kInvalidArgument when it does not hold audit events).
arrow::Result<DecodedAuditFile> ReadAuditFile(arrow::fs::FileSystem& filesystem,
                                              const std::string& path,
                                              AuditFileFormat format);

}  // namespace warden::audit
