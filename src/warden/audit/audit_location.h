#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/buffer.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>

#include "warden/audit/audit_file_format.h"

/// Where an audit trail lives and how its files are named:
///
///   <root>/date=YYYY-MM-DD/audit-<chain>-<first>-<last>.parquet|.jsonl   rolled file
///   <root>/_open/<chain>/<first>-<nonce>.jsonl                           open part
///
/// `first` and `last` are the chain sequences of the file's first and last event, as 20
/// digits so names sort in chain order. Rolled files are immutable and form a Hive-style
/// dataset partitioned by `date` (the UTC date of the file's first event). Open segment
/// parts hold events that are durable but not rolled yet (locally followed by pre-allocated
/// zeros while open: part_appender.h); the leading '_' hides them (and
/// '.'-prefixed temporary files) from dataset scans, as Arrow and the catalog skip such
/// names.
namespace warden::audit {

/// A chain id: 1-100 characters of [A-Za-z0-9._-], not starting with '.'.
bool IsValidChainId(std::string_view chain);

/// An audit file's identity, parsed from its path below the root.
struct AuditFileName {
  enum class Kind { kRolled, kPart };
  Kind kind = Kind::kRolled;
  std::string chain;
  int64_t first_sequence = 0;
  int64_t last_sequence = 0;  // rolled files only (a part's end is known once read)
  std::string date;           // rolled files only: the partition folder's date
  AuditFileFormat format = AuditFileFormat::kJsonLines;
};

/// Parses a path relative to the root ("date=…/audit-…" or "_open/…"); nullopt for any
/// other file.
std::optional<AuditFileName> ParseAuditPath(std::string_view relative_path);

/// A filesystem and a root folder on it, with the durable-write primitives the audit log
/// needs. Copyable; thread-safe as far as the filesystem is (Arrow's are).
class AuditLocation {
 public:
  /// A location from a URI (file://, s3://, gs://, abfs://, mock://) or a local path.
  static arrow::Result<AuditLocation> Open(const std::string& uri_or_path);
  /// A location on a given filesystem (tests inject failing filesystems this way).
  static AuditLocation OnFileSystem(std::shared_ptr<arrow::fs::FileSystem> filesystem,
                                    std::string root);

  const std::shared_ptr<arrow::fs::FileSystem>& filesystem() const { return filesystem_; }
  const std::string& root() const { return root_; }
  /// True for local POSIX files: appends are possible and fsync makes writes durable.
  /// Elsewhere (object stores) a write is durable once its stream closed without error.
  bool local() const { return local_; }

  std::string RolledPath(const std::string& chain, int64_t first, int64_t last,
                         const std::string& date, AuditFileFormat format) const;
  std::string PartDirectory(const std::string& chain) const;
  /// A fresh part path (random nonce): a writer never appends to a file it did not
  /// create.
  std::string NewPartPath(const std::string& chain, int64_t first) const;
  /// `path` relative to the root.
  std::string Relative(const std::string& path) const;

  /// Writes a whole file so that readers see all of it or nothing, durable on return:
  /// locally a '.'-prefixed temporary file, fsync, rename, fsync of the folder; on object
  /// stores one upload. `create_parent` false skips creating the folder (known to exist).
  arrow::Status WriteFileDurably(const std::string& path, const arrow::Buffer& contents,
                                 bool create_parent = true) const;

  /// Creates `dir` and its parents; locally also makes their entries durable.
  arrow::Status CreateDirDurably(const std::string& dir) const;

  /// Flushes a local file's data to disk (no-op elsewhere).
  arrow::Status SyncFile(const std::string& path) const;
  /// Flushes a local folder's entries to disk (no-op elsewhere).
  arrow::Status SyncDir(const std::string& dir) const;

  /// Every file below `dir` (default: the root), recursively; none if it does not exist.
  arrow::Result<std::vector<arrow::fs::FileInfo>> ListFiles(
      const std::string& dir = "") const;

  /// Deletes a file; a file already gone is not an error.
  arrow::Status DeleteFileIfExists(const std::string& path) const;

 private:
  AuditLocation(std::shared_ptr<arrow::fs::FileSystem> filesystem, std::string root);

  std::shared_ptr<arrow::fs::FileSystem> filesystem_;
  std::string root_;
  bool local_ = false;
};

/// Zero-padded 20-digit sequence, as in file names.
std::string SequenceDigits(int64_t sequence);

/// WARDEN-STORAGE-ERROR for a failed system call on a local `path`: "what path: errno text".
arrow::Status PosixError(const std::string& what, const std::string& path);

}  // namespace warden::audit
