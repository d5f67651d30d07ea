#pragma once

#include <arrow/result.h>

#include "warden/sql/logical_plan.h"

namespace warden::sql {

/// Rewrites a bound plan to read and move less data, never changing its result:
/// - column pruning: every node keeps only the columns something above it reads, so scans
///   read only those columns from the files;
/// - scan hints: simple conjuncts of a Filter over plain (unmasked, renamed-only) columns
///   are copied into the Scan's `scan_filter`, where Arrow uses them to skip partitions
///   and Parquet row groups by their statistics. The Filter itself stays, so rows are
///   always filtered exactly, and predicates over masked values never reach the scan
///   (DESIGN §4).
arrow::Result<QueryPlan> OptimizePlan(QueryPlan plan);

}  // namespace warden::sql
