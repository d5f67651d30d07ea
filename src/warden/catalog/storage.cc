#include "warden/catalog/storage.h"

#include <algorithm>

#include <arrow/filesystem/filesystem.h>
#include <arrow/filesystem/localfs.h>
#include <arrow/type.h>

#include "warden/catalog/filesystems.h"
#include "warden/common/error.h"

namespace warden::catalog {

arrow::Result<std::pair<std::shared_ptr<arrow::fs::FileSystem>, std::string>>
ResolveLocation(const std::string& location) {
  ARROW_ASSIGN_OR_RAISE(auto resolved, ResolveFileSystem(location));  // filesystems.h
  return std::make_pair(std::move(resolved.filesystem), std::move(resolved.path));
}

/// True when any segment of `relative` (folders and the file name) starts with '.' or '_':
/// writers' markers and scratch folders (_SUCCESS, _temporary/, .crc) are not data.
static bool IsHidden(const std::string& relative) {
  size_t start = 0;
  while (start < relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string::npos) end = relative.size();
    if (end > start && (relative[start] == '.' || relative[start] == '_')) return true;
    start = end + 1;
  }
  return false;
}

arrow::Result<FileListing> ListDataFiles(const std::string& location) {
  ARROW_ASSIGN_OR_RAISE(auto resolved, ResolveLocation(location));
  auto& [filesystem, path] = resolved;
  auto info = filesystem->GetFileInfo(path);
  if (!info.ok()) {  // e.g. denied, no such bucket, store unreachable: say why
    return Error(ErrorCode::kStorage,
                 "cannot access '" + location + "': " + info.status().message());
  }
  if (info->type() == arrow::fs::FileType::NotFound) {
    return Error(ErrorCode::kStorage, "location '" + location + "' does not exist");
  }
  FileListing listing{filesystem, {}, {}};
  if (info->IsFile()) {
    listing.paths.push_back(path);
    listing.files.push_back(*info);
    return listing;
  }
  arrow::fs::FileSelector selector;
  selector.base_dir = path;
  selector.recursive = true;
  auto entries = filesystem->GetFileInfo(selector);
  if (!entries.ok()) {
    return Error(ErrorCode::kStorage,
                 "cannot list '" + location + "': " + entries.status().message());
  }
  std::sort(entries->begin(), entries->end(), arrow::fs::FileInfo::ByPath{});
  for (auto& entry : *entries) {
    if (entry.IsFile() && !IsHidden(entry.path().substr(path.size()))) {
      listing.paths.push_back(entry.path());
      listing.files.push_back(std::move(entry));
    }
  }
  return listing;
}

std::string SqlTypeName(const arrow::DataType& type) {
  using arrow::Type;
  switch (type.id()) {
    case Type::BOOL: return "boolean";
    case Type::INT8: return "tinyint";
    case Type::INT16: return "smallint";
    case Type::INT32: return "int";
    case Type::INT64: return "bigint";
    case Type::UINT8: return "tinyint unsigned";
    case Type::UINT16: return "smallint unsigned";
    case Type::UINT32: return "int unsigned";
    case Type::UINT64: return "bigint unsigned";
    case Type::HALF_FLOAT:
    case Type::FLOAT: return "float";
    case Type::DOUBLE: return "double";
    case Type::STRING:
    case Type::LARGE_STRING:
    case Type::STRING_VIEW: return "string";
    case Type::BINARY:
    case Type::LARGE_BINARY:
    case Type::BINARY_VIEW:
    case Type::FIXED_SIZE_BINARY: return "binary";
    case Type::DATE32:
    case Type::DATE64: return "date";
    case Type::TIMESTAMP: {
      const auto& timestamp = static_cast<const arrow::TimestampType&>(type);
      return timestamp.timezone().empty() ? "timestamp" : "timestamp with time zone";
    }
    case Type::DECIMAL32:
    case Type::DECIMAL64:
    case Type::DECIMAL128:
    case Type::DECIMAL256: {
      const auto& decimal = static_cast<const arrow::DecimalType&>(type);
      return "decimal(" + std::to_string(decimal.precision()) + "," +
             std::to_string(decimal.scale()) + ")";
    }
    default: return type.ToString();
  }
}

}  // namespace warden::catalog
