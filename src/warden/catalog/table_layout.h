#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/model.h"
#include "warden/catalog/storage.h"

/// What CREATE EXTERNAL TABLE and RECOVER PARTITIONS learn from the files of a location:
/// Hive-style partition folders and the schema of the data files.
namespace warden::catalog {

/// The `key=value` folders of a table. Every data file must sit under the same keys in the
/// same order (kStorage otherwise); files directly in the location mean no partitioning.
struct PartitionLayout {
  std::vector<std::string> keys;          // outermost first
  std::vector<PartitionInfo> partitions;  // sorted by path; values percent-decoded
};

/// Partitions of the files of `listing`, whose location resolved to `base` on its
/// filesystem. `location` is only quoted in errors.
arrow::Result<PartitionLayout> DiscoverPartitions(const FileListing& listing,
                                                  const std::string& base,
                                                  const std::string& location);

/// Hive's marker folder value for a NULL partition value.
inline constexpr const char* kHiveNullPartition = "__HIVE_DEFAULT_PARTITION__";

/// bigint when every value (NULL markers aside) is an integer, else string.
std::shared_ptr<arrow::DataType> InferPartitionType(const std::vector<std::string>& values);

/// kStorage when a value of a declared partition column does not parse as its type.
arrow::Status CheckPartitionValues(const std::string& column, const arrow::DataType& type,
                                   const std::vector<std::string>& values);

/// The schema of the data files (no metadata): every file is inspected. Parquet and ORC
/// files must agree exactly; CSV and JSON files must have the same column names and their
/// inferred types are widened to fit all files. kStorage for a file that does not parse
/// as `format` and for files whose schemas disagree (naming both files).
arrow::Result<std::shared_ptr<arrow::Schema>> InspectDataFiles(
    const FileListing& listing, const std::string& format,
    const std::map<std::string, std::string>& options, const std::string& location);

}  // namespace warden::catalog
