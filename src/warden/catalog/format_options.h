#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/dataset/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/model.h"

/// Reader options of table formats, as stored in DatasetInfo::format_options, and the Arrow
/// Dataset FileFormat that reads files with them (used at CREATE time and by scans).
namespace warden::catalog {

/// Maps the options of a CREATE statement (Warden's names, Hive's TBLPROPERTIES and ROW
/// FORMAT names, Spark's OPTIONS names; keys already lower-case) onto Warden's canonical
/// keys and checks their values. csv: header (true|false), delimiter, quote ('' for none),
/// escape (one character each), null (the string read as NULL). Other formats take none.
/// kInvalidArgument names an unknown key or a bad value.
arrow::Result<std::map<std::string, std::string>> NormalizeFormatOptions(
    const std::string& format, const std::map<std::string, std::string>& options);

/// The Arrow Dataset format for "parquet", "csv", "json" or "orc" with canonical `options`.
/// With `declared` (the data columns of a table whose columns were declared), CSV columns
/// are named and typed by it instead of by the header row.
arrow::Result<std::shared_ptr<arrow::dataset::FileFormat>> MakeFileFormat(
    const std::string& format, const std::map<std::string, std::string>& options,
    const std::shared_ptr<arrow::Schema>& declared = nullptr);

/// The format that reads `dataset`'s files: its format, options and, when declared, its
/// data columns (the schema without the partition columns). For the scan executor.
arrow::Result<std::shared_ptr<arrow::dataset::FileFormat>> MakeFileFormatFor(
    const DatasetInfo& dataset);

/// `schema` without `partition_columns`: the columns stored in the files.
std::shared_ptr<arrow::Schema> DataColumnsOf(const std::shared_ptr<arrow::Schema>& schema,
                                             const std::vector<std::string>& partition_columns);
inline std::shared_ptr<arrow::Schema> DataColumnsOf(const DatasetInfo& dataset) {
  return DataColumnsOf(dataset.schema, dataset.partition_columns);
}

}  // namespace warden::catalog
