#include "warden/exec/executor.h"

#include <arrow/compute/api.h>
#include <arrow/dataset/dataset.h>
#include <arrow/dataset/discovery.h>
#include <arrow/dataset/scanner.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/table.h>

#include "warden/catalog/storage.h"
#include "warden/common/compute_init.h"
#include "warden/common/error.h"

namespace warden::exec {

namespace {

/// Arrow's own errors while reading files are storage errors to the user.
arrow::Status AsStorageError(const arrow::Status& status) {
  if (status.ok() || status.detail()) return status;
  return Error(ErrorCode::kStorage, "reading data failed: " + status.message());
}

/// Relabels each batch to the output schema and stops after `limit` rows.
class ConformingReader : public arrow::RecordBatchReader {
 public:
  ConformingReader(std::shared_ptr<arrow::RecordBatchReader> source,
                   std::shared_ptr<arrow::Schema> schema, std::optional<int64_t> limit)
      : source_(std::move(source)), schema_(std::move(schema)), remaining_(limit) {}

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    if (remaining_ && *remaining_ <= 0) return arrow::Status::OK();
    std::shared_ptr<arrow::RecordBatch> batch;
    do {
      ARROW_RETURN_NOT_OK(AsStorageError(source_->ReadNext(&batch)));
      if (!batch) return arrow::Status::OK();
    } while (batch->num_rows() == 0);
    if (remaining_) {
      if (batch->num_rows() > *remaining_) batch = batch->Slice(0, *remaining_);
      *remaining_ -= batch->num_rows();
    }
    *out = arrow::RecordBatch::Make(schema_, batch->num_rows(), batch->columns());
    return arrow::Status::OK();
  }

  arrow::Status Close() override { return source_->Close(); }

 private:
  std::shared_ptr<arrow::RecordBatchReader> source_;
  std::shared_ptr<arrow::Schema> schema_;
  std::optional<int64_t> remaining_;
};

arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> OpenDataset(const ScanFragment& scan) {
  ARROW_ASSIGN_OR_RAISE(auto format, catalog::MakeFileFormat(scan.format));
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::vector<std::string> paths;
  for (const auto& uri : scan.file_uris) {
    ARROW_ASSIGN_OR_RAISE(auto resolved, catalog::ResolveLocation(uri));
    if (!filesystem) filesystem = resolved.first;
    paths.push_back(std::move(resolved.second));
  }
  if (!filesystem) {
    ARROW_ASSIGN_OR_RAISE(auto empty, arrow::Table::MakeEmpty(scan.dataset_schema));
    return std::make_shared<arrow::dataset::InMemoryDataset>(std::move(empty));
  }
  ARROW_ASSIGN_OR_RAISE(auto factory, arrow::dataset::FileSystemDatasetFactory::Make(
                                          filesystem, paths, format,
                                          arrow::dataset::FileSystemFactoryOptions{}));
  arrow::dataset::FinishOptions options;
  options.schema = scan.dataset_schema;  // the catalog's schema, not each file's
  return factory->Finish(options);
}

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecuteScan(
    const ScanFragment& scan) {
  ARROW_ASSIGN_OR_RAISE(auto dataset, OpenDataset(scan));
  ARROW_ASSIGN_OR_RAISE(auto builder, dataset->NewScan());
  std::vector<arrow::compute::Expression> projections;
  std::vector<std::string> names;
  for (size_t i = 0; i < scan.columns.size(); ++i) {
    projections.push_back(arrow::compute::field_ref(scan.columns[i]));
    names.push_back(scan.output_schema->field(static_cast<int>(i))->name());
  }
  ARROW_RETURN_NOT_OK(builder->Project(projections, names));
  if (scan.filter) ARROW_RETURN_NOT_OK(builder->Filter(*scan.filter));
  ARROW_RETURN_NOT_OK(builder->UseThreads(true));
  ARROW_ASSIGN_OR_RAISE(auto scanner, builder->Finish());
  ARROW_ASSIGN_OR_RAISE(auto reader, scanner->ToRecordBatchReader());
  return std::make_shared<ConformingReader>(std::move(reader), scan.output_schema, scan.limit);
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecuteFragment(
    const Fragment& fragment) {
  ARROW_RETURN_NOT_OK(InitializeArrowCompute());
  if (const auto* scan = std::get_if<ScanFragment>(&fragment)) {
    auto reader = ExecuteScan(*scan);
    if (!reader.ok()) return AsStorageError(reader.status());
    return reader;
  }
  const auto& table = std::get<InlineResult>(fragment).table;
  return std::make_shared<arrow::TableBatchReader>(table);
}

}  // namespace warden::exec
