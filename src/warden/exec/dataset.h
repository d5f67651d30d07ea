#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/dataset/type_fwd.h>
#include <arrow/result.h>

#include "warden/sql/logical_plan.h"

namespace warden::exec {

/// The Arrow dataset a scan reads: its files (with hive partitions as columns), under the
/// catalog's schema rather than each file's.
arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> OpenScanDataset(
    const sql::ScanSource& source);

/// `dataset` with each Parquet file named in `ranges` (by filesystem path) narrowed to
/// row groups [first, last); other files stay whole.
/// Errors: kQueryFailed when a file has fewer row groups than its range needs.
arrow::Result<std::shared_ptr<arrow::dataset::Dataset>> RestrictToRowGroups(
    std::shared_ptr<arrow::dataset::Dataset> dataset,
    const std::map<std::string, sql::ScanSource::RowGroupRange>& ranges);

/// The number of row groups of the one Parquet file of `source` (reads its footer).
arrow::Result<int> CountRowGroups(const sql::ScanSource& source);

/// What a scan's pushed predicate saves, for EXPLAIN: files left after partition pruning,
/// and Parquet row groups left after pruning by their statistics (read from footers).
struct PruningStats {
  int64_t files_total = 0;
  int64_t files_kept = 0;
  int64_t row_groups_total = 0;
  int64_t row_groups_kept = 0;
};
arrow::Result<PruningStats> MeasurePruning(const sql::PlanNode& scan);

}  // namespace warden::exec
