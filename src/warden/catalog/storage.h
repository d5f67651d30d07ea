#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/dataset/type_fwd.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

/// Where table data lives: file formats, listing a location, inferring a schema.
/// Shared by the catalog (at CREATE time) and exec (at scan time); never touches the
/// metadata store.
namespace warden::catalog {

/// The data files of a location: a filesystem and absolute paths on it, sorted.
struct FileListing {
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::vector<std::string> paths;
  /// The same files with their sizes and modification times, in the same order.
  std::vector<arrow::fs::FileInfo> files;
};

/// Validates a table location URI (file://, s3://, gs://, abfs://; see filesystems.h) and
/// returns its filesystem and the path on it.
arrow::Result<std::pair<std::shared_ptr<arrow::fs::FileSystem>, std::string>>
ResolveLocation(const std::string& location);

/// The data files of `location`: the file itself, or every file below the directory,
/// skipping hidden and marker files (names starting with '.' or '_'). kStorage when the
/// location does not exist; an empty directory lists no files.
arrow::Result<FileListing> ListDataFiles(const std::string& location);

/// A SQL-style name for an Arrow type, as shown by DESCRIBE ("bigint", "string", …).
std::string SqlTypeName(const arrow::DataType& type);

}  // namespace warden::catalog
