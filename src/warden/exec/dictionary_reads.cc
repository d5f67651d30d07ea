#include "warden/exec/dictionary_reads.h"

#include <set>

#include <arrow/dataset/dataset.h>
#include <arrow/dataset/file_parquet.h>
#include <parquet/metadata.h>

namespace warden::exec {

namespace {

namespace ds = arrow::dataset;

/// Whether every data page of `column` in every row group of `metadata` is
/// dictionary-encoded (false when the file does not say).
bool FullyDictionaryEncoded(const parquet::FileMetaData& metadata, const std::string& column) {
  const int index = metadata.schema()->ColumnIndex(column);
  if (index < 0 || metadata.num_row_groups() == 0) return false;
  for (int rg = 0; rg < metadata.num_row_groups(); ++rg) {
    const auto chunk = metadata.RowGroup(rg)->ColumnChunk(index);
    const auto& stats = chunk->encoding_stats();
    if (stats.empty()) return false;
    for (const auto& page : stats) {
      if (page.page_type == parquet::PageType::DICTIONARY_PAGE) continue;
      if (page.encoding != parquet::Encoding::RLE_DICTIONARY &&
          page.encoding != parquet::Encoding::PLAIN_DICTIONARY) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

arrow::Status ReadDictionaryEncodedStringsAsDictionaries(
    ds::Dataset* dataset, const std::vector<std::string>& columns,
    const std::optional<arrow::compute::Expression>& filter) {
  auto* files = dynamic_cast<ds::FileSystemDataset*>(dataset);
  if (files == nullptr) return arrow::Status::OK();
  auto format = std::dynamic_pointer_cast<ds::ParquetFileFormat>(files->format());
  if (format == nullptr) return arrow::Status::OK();

  std::set<std::string> filtered;
  if (filter) {
    for (const auto& ref : arrow::compute::FieldsInExpression(*filter)) {
      if (ref.name()) filtered.insert(*ref.name());
    }
  }
  // Partition columns are in the dataset schema but not in the files.
  std::shared_ptr<arrow::Schema> physical;
  std::vector<std::string> candidates;
  for (const auto& name : columns) {
    const auto field = dataset->schema()->GetFieldByName(name);
    if (field == nullptr || filtered.count(name)) continue;
    const auto id = field->type()->id();
    if (id != arrow::Type::STRING && id != arrow::Type::BINARY) continue;
    candidates.push_back(name);
  }
  if (candidates.empty()) return arrow::Status::OK();

  ARROW_ASSIGN_OR_RAISE(auto fragments, files->GetFragments());
  for (const auto& maybe : fragments) {
    ARROW_ASSIGN_OR_RAISE(auto fragment, maybe);
    auto* parquet = dynamic_cast<ds::ParquetFileFragment*>(fragment.get());
    if (parquet == nullptr) return arrow::Status::OK();
    // Read before the option is set: the footer and the fragment's physical schema stay
    // those of a plain read, so statistics keep their declared types. A file that cannot
    // be read fails the scan itself, with the scan's error.
    if (!parquet->EnsureCompleteMetadata().ok()) return arrow::Status::OK();
    for (const auto& name : candidates) {
      if (FullyDictionaryEncoded(*parquet->metadata(), name)) {
        format->reader_options.dict_columns.insert(name);
      }
    }
    break;  // the first file decides for the scan
  }
  return arrow::Status::OK();
}

}  // namespace warden::exec
