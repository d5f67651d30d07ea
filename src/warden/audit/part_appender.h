#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <arrow/result.h>

#include "warden/audit/audit_location.h"

/// Makes batches of events durable in the open segment of one chain at one location, as
/// JSON lines under `_open/<chain>/`. On object stores, which cannot append, each batch
/// becomes its own part object. Locally one part file takes batch after batch, each
/// written and fdatasynced before Append returns (one sync per batch: group commit).
///
/// Local parts are pre-allocated: the file is extended by `kPreallocateBytes` of written
/// zeros (synced once) whenever the next batch would not fit, and batches overwrite the
/// zeros at the end of the data. Then a batch's fdatasync flushes data blocks only: an
/// append would also change the file's size and extents, which on ext4 (and XFS) costs a
/// journal commit per sync. Readers stop at the first NUL byte (a JSON line never holds
/// one: audit_file_format.h); EndPart truncates the zeros away.
///
/// Either way a batch is durable when Append returns OK, and a crash can leave at most
/// bytes of the unacknowledged batch after the last complete line (a torn line, or
/// pieces of the batch within the zeros), which readers report as a tail.
///
/// Not thread-safe: owned by whoever holds the audit log's write lock.
namespace warden::audit {

class PartAppender {
 public:
  /// Zeros added to a local part at a time. A batch that does not fit in what is left
  /// adds the shortfall rounded up to a multiple of this.
  static constexpr int64_t kPreallocateBytes = 1 << 20;

  PartAppender(AuditLocation location, std::string chain);
  ~PartAppender();
  PartAppender(const PartAppender&) = delete;
  PartAppender& operator=(const PartAppender&) = delete;

  /// Appends `lines` (whole JSON lines of events starting at `first_sequence`) durably
  /// and returns the part's path. After a failure the part is abandoned: the next Append
  /// starts a new file, so bytes of a failed batch are never followed by more lines.
  arrow::Result<std::string> Append(int64_t first_sequence, const std::string& lines);

  /// Closes the current part, cutting off its unused zeros; the next Append starts a new
  /// one (a new segment).
  void EndPart();

  const AuditLocation& location() const { return location_; }
  /// Zero bytes written so far to pre-allocate local parts (write amplification).
  int64_t preallocated_bytes() const { return preallocated_bytes_; }

 private:
  arrow::Status OpenLocalPart(int64_t first_sequence);
  /// Extends the part with written zeros so that `size` more bytes fit, and syncs.
  arrow::Status Reserve(int64_t size);
  arrow::Status WriteLocal(const std::string& lines);
  void ClosePart(bool truncate);

  AuditLocation location_;
  std::string chain_;
  bool folder_created_ = false;
  std::string part_path_;  // local only: the part being appended to, empty when none
  int fd_ = -1;
  int64_t data_end_ = 0;   // bytes of complete lines: where the next batch goes
  int64_t allocated_ = 0;  // the file's size: data, then zeros
  int64_t preallocated_bytes_ = 0;
};

}  // namespace warden::audit
