#include "warden/exec/dataset.h"

#include <algorithm>
#include <map>

#include <arrow/dataset/dataset.h>
#include <arrow/dataset/discovery.h>
#include <arrow/dataset/file_parquet.h>
#include <arrow/dataset/partition.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/table.h>
#include <parquet/metadata.h>

#include "warden/catalog/format_options.h"
#include "warden/catalog/storage.h"
#include "warden/common/error.h"

namespace warden::exec {

namespace ds = arrow::dataset;

namespace {

/// Makes a Parquet `format` read source.dictionary_columns (string or binary, not
/// partition columns) as dictionary arrays, and returns the dataset schema that says so,
/// which the fragments' batches then match. Other formats read as declared.
arrow::Result<std::shared_ptr<arrow::Schema>> ReadAsDictionary(
    const sql::ScanSource& source, ds::FileFormat* format) {
  std::shared_ptr<arrow::Schema> schema = source.dataset_schema;
  auto* parquet = dynamic_cast<ds::ParquetFileFormat*>(format);
  if (parquet == nullptr) return schema;
  for (const auto& name : source.dictionary_columns) {
    const int index = schema->GetFieldIndex(name);
    if (index < 0) continue;
    const auto& field = schema->field(index);
    const auto type_id = field->type()->id();
    const bool partition =
        std::find(source.partition_columns.begin(), source.partition_columns.end(),
                  name) != source.partition_columns.end();
    if (partition || (type_id != arrow::Type::STRING && type_id != arrow::Type::BINARY)) {
      continue;
    }
    parquet->reader_options.dict_columns.insert(name);
    ARROW_ASSIGN_OR_RAISE(schema,
                          schema->SetField(index, field->WithType(arrow::dictionary(
                                                      arrow::int32(), field->type()))));
  }
  return schema;
}

}  // namespace

arrow::Result<std::shared_ptr<ds::Dataset>> OpenScanDataset(const sql::ScanSource& source) {
  ARROW_ASSIGN_OR_RAISE(
      auto format,
      catalog::MakeFileFormat(source.format, source.options,
                              source.columns_declared
                                  ? catalog::DataColumnsOf(source.dataset_schema,
                                                           source.partition_columns)
                                  : nullptr));
  ARROW_ASSIGN_OR_RAISE(auto read_schema, ReadAsDictionary(source, format.get()));
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::vector<std::string> paths;
  for (const auto& uri : source.file_uris) {
    ARROW_ASSIGN_OR_RAISE(auto resolved, catalog::ResolveLocation(uri));
    if (!filesystem) filesystem = resolved.first;
    paths.push_back(std::move(resolved.second));
  }
  if (!filesystem) {
    ARROW_ASSIGN_OR_RAISE(auto empty, arrow::Table::MakeEmpty(source.dataset_schema));
    return std::make_shared<ds::InMemoryDataset>(std::move(empty));
  }
  ds::FileSystemFactoryOptions options;
  if (!source.partition_columns.empty()) {
    arrow::FieldVector fields;
    for (const auto& name : source.partition_columns) {
      auto field = source.dataset_schema->GetFieldByName(name);
      if (field == nullptr) return Error(ErrorCode::kInternal, "unknown partition column");
      fields.push_back(field);
    }
    options.partitioning = std::make_shared<ds::HivePartitioning>(arrow::schema(fields));
    ARROW_ASSIGN_OR_RAISE(auto base, catalog::ResolveLocation(source.location));
    options.partition_base_dir = base.second;
  }
  ARROW_ASSIGN_OR_RAISE(auto factory, ds::FileSystemDatasetFactory::Make(
                                          filesystem, paths, format, std::move(options)));
  ds::FinishOptions finish;
  finish.schema = read_schema;  // the catalog's schema, not each file's
  ARROW_ASSIGN_OR_RAISE(auto dataset, factory->Finish(finish));
  if (source.row_groups.empty()) return dataset;
  if (source.row_groups.size() != paths.size()) {
    return Error(ErrorCode::kInternal, "row-group ranges do not match the scan's files");
  }
  std::map<std::string, sql::ScanSource::RowGroupRange> ranges;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (source.row_groups[i]) ranges[paths[i]] = *source.row_groups[i];
  }
  return RestrictToRowGroups(std::move(dataset), ranges);
}

arrow::Result<std::shared_ptr<ds::Dataset>> RestrictToRowGroups(
    std::shared_ptr<ds::Dataset> dataset,
    const std::map<std::string, sql::ScanSource::RowGroupRange>& ranges) {
  if (ranges.empty()) return dataset;
  auto* files = dynamic_cast<ds::FileSystemDataset*>(dataset.get());
  if (files == nullptr) {
    return Error(ErrorCode::kInternal, "a row-group range needs a Parquet file");
  }
  ARROW_ASSIGN_OR_RAISE(auto fragments, files->GetFragments());
  std::vector<std::shared_ptr<ds::FileFragment>> subsets;
  for (const auto& maybe : fragments) {
    ARROW_ASSIGN_OR_RAISE(auto fragment, maybe);
    auto file = std::static_pointer_cast<ds::FileFragment>(fragment);
    const auto found = ranges.find(file->source().path());
    if (found == ranges.end()) {
      subsets.push_back(std::move(file));  // read whole
      continue;
    }
    const auto& range = found->second;
    auto* parquet = dynamic_cast<ds::ParquetFileFragment*>(fragment.get());
    if (parquet == nullptr) {
      return Error(ErrorCode::kInternal, "a row-group range needs a Parquet file");
    }
    ARROW_RETURN_NOT_OK(parquet->EnsureCompleteMetadata());
    const int total = parquet->metadata()->num_row_groups();
    if (range.last > total) {
      // The file changed since the planner read its footer.
      return Error(ErrorCode::kQueryFailed,
                   "the file " + parquet->source().path() + " has " + std::to_string(total) +
                       " row groups, fewer than planned; run the query again");
    }
    std::vector<int> ids;
    for (int i = range.first; i < range.last; ++i) ids.push_back(i);
    ARROW_ASSIGN_OR_RAISE(auto subset, parquet->Subset(std::move(ids)));
    subsets.push_back(std::static_pointer_cast<ds::FileFragment>(std::move(subset)));
  }
  return ds::FileSystemDataset::Make(files->schema(), files->partition_expression(),
                                     files->format(), files->filesystem(),
                                     std::move(subsets), files->partitioning());
}

arrow::Result<int> CountRowGroups(const sql::ScanSource& source) {
  if (source.format != "parquet" || source.file_uris.size() != 1) {
    return Error(ErrorCode::kInternal, "row groups are counted in one Parquet file");
  }
  sql::ScanSource whole = source;
  whole.row_groups.clear();
  ARROW_ASSIGN_OR_RAISE(auto dataset, OpenScanDataset(whole));
  ARROW_ASSIGN_OR_RAISE(auto fragments, dataset->GetFragments());
  int count = 0;
  for (const auto& maybe : fragments) {
    ARROW_ASSIGN_OR_RAISE(auto fragment, maybe);
    auto* parquet = dynamic_cast<ds::ParquetFileFragment*>(fragment.get());
    if (parquet == nullptr) return Error(ErrorCode::kInternal, "not a Parquet file");
    ARROW_RETURN_NOT_OK(parquet->EnsureCompleteMetadata());
    count += parquet->metadata()->num_row_groups();
  }
  return count;
}

arrow::Result<PruningStats> MeasurePruning(const sql::PlanNode& scan) {
  PruningStats stats;
  stats.files_total = static_cast<int64_t>(scan.source.file_uris.size());
  ARROW_ASSIGN_OR_RAISE(auto dataset, OpenScanDataset(scan.source));
  const auto filter = scan.scan_filter.value_or(arrow::compute::literal(true));
  ARROW_ASSIGN_OR_RAISE(auto bound, filter.Bind(*scan.source.dataset_schema));
  ARROW_ASSIGN_OR_RAISE(auto fragments, dataset->GetFragments(bound));
  for (const auto& maybe : fragments) {
    ARROW_ASSIGN_OR_RAISE(auto fragment, maybe);
    ++stats.files_kept;
    auto* parquet = dynamic_cast<ds::ParquetFileFragment*>(fragment.get());
    if (parquet == nullptr) continue;
    ARROW_RETURN_NOT_OK(parquet->EnsureCompleteMetadata());
    stats.row_groups_total += parquet->metadata()->num_row_groups();
    ARROW_ASSIGN_OR_RAISE(auto kept, parquet->SplitByRowGroup(bound));
    stats.row_groups_kept += static_cast<int64_t>(kept.size());
  }
  return stats;
}

}  // namespace warden::exec
