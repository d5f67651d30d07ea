#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <arrow/io/type_fwd.h>
#include <arrow/result.h>

#include "warden/audit/audit_location.h"

/// Makes batches of events durable in the open segment of one chain at one location, as
/// JSON lines under `_open/<chain>/`. Locally it appends to one part file and fdatasyncs
/// before returning (one fsync per batch: group commit); on object stores, which cannot
/// append, each batch becomes its own part object. Either way a batch is durable when
/// Append returns OK, and a crash can leave at most an unterminated last line, which was
/// never acknowledged.
///
/// Not thread-safe: owned by the audit log's flusher thread.
namespace warden::audit {

class PartAppender {
 public:
  PartAppender(AuditLocation location, std::string chain);
  ~PartAppender();

  /// Appends `lines` (whole JSON lines of events starting at `first_sequence`) durably
  /// and returns the part's path. After a failure the part is abandoned: the next Append
  /// starts a new file, so bytes of a failed batch are never followed by more lines.
  arrow::Result<std::string> Append(int64_t first_sequence, const std::string& lines);

  /// Closes the current part; the next Append starts a new one (a new segment).
  void EndPart();

  const AuditLocation& location() const { return location_; }

 private:
  arrow::Status OpenPart(int64_t first_sequence);
  arrow::Status AppendLocal(const std::string& lines);

  AuditLocation location_;
  std::string chain_;
  bool folder_created_ = false;
  std::string part_path_;  // local only: the part being appended to, empty when none
  std::shared_ptr<arrow::io::OutputStream> stream_;
  int fd_ = -1;  // the stream's descriptor when it exposes one, for fdatasync
};

}  // namespace warden::audit
