#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/sql/identifier.h"

/// Warden's logical plan: what the binder produces, the optimizer rewrites, the planner
/// signs into tickets and the worker runs with Arrow Acero (exec/plan_executor.h).
/// Column names inside a plan are internal and unique ("_1", "_2", ...) so that joins and
/// expressions never meet two columns of the same name; the user's names are applied once,
/// at the end (QueryPlan::output_schema).
namespace warden::sql {

/// Where a scan reads: everything a worker needs to open the files, nothing else.
struct ScanSource {
  QualifiedName table;                            // for EXPLAIN and audit only
  std::string format;                             // parquet | csv | json | orc
  std::string location;                           // the dataset's location URI
  std::vector<std::string> file_uris;             // filled by the planner when splitting
  std::shared_ptr<arrow::Schema> dataset_schema;  // the catalog schema of the table
  std::map<std::string, std::string> options;     // format options (CSV delimiter, ...)
  /// Names of the partition columns, which are the last fields of dataset_schema and
  /// come from hive-style folder names (`year=2024/`).
  std::vector<std::string> partition_columns;
  /// True when the table's columns were declared: CSV files are then read by position
  /// with the declared names and types instead of their header row.
  bool columns_declared = false;
  /// Set by the planner when it cuts large Parquet files into several tasks: either
  /// empty (every file whole) or one entry per file_uris, where a range means "only row
  /// groups [first, last) of that file" and nullopt means the whole file.
  struct RowGroupRange {
    int first = 0;
    int last = 0;
  };
  std::vector<std::optional<RowGroupRange>> row_groups;
  /// Parquet columns to read as dictionary arrays: set by the governed view for columns
  /// it only hashes, so that sha2 hashes each distinct value once (exec/dataset.h).
  std::vector<std::string> dictionary_columns;
};

struct PlanNode;
using PlanPtr = std::shared_ptr<PlanNode>;

enum class PlanKind {
  kScan, kValues, kFilter, kProject, kAggregate, kJoin, kSort, kLimit, kUnion, kUnnest
};

/// One aggregate computed by an Aggregate node: `function` is an Arrow scalar aggregate
/// name (sum, count, count_all, mean, min, max, count_distinct, stddev); the hash_ variant
/// is used when the node has keys.
struct AggregateCall {
  std::string function;
  std::string input;   // an input column; empty for count_all
  std::string output;  // the output column
};

struct SortKey {
  std::string column;
  bool descending = false;
  bool nulls_first = false;
};

enum class PlanJoinType { kInner, kLeft, kRight, kFull };

/// A node of the plan. Which fields are used depends on `kind`. Every node knows its
/// output schema; children are `inputs`.
struct PlanNode {
  PlanKind kind;
  std::vector<PlanPtr> inputs;
  std::shared_ptr<arrow::Schema> schema;

  // kScan: reads `scan_columns` of the dataset (output renamed to `schema`'s names).
  // `scan_filter` is a hint over dataset columns for pruning partitions and row groups;
  // it never replaces a Filter node (rows are filtered by the Filter above).
  ScanSource source;
  std::vector<std::string> scan_columns;
  std::optional<arrow::compute::Expression> scan_filter;

  // kValues: rows computed by the planner (SELECT without FROM).
  std::shared_ptr<arrow::Table> values;

  // kFilter
  arrow::compute::Expression predicate;

  // kProject: one expression per output field.
  std::vector<arrow::compute::Expression> expressions;

  // kAggregate: group keys (input columns, output under the same names) and aggregates.
  std::vector<std::string> group_keys;
  std::vector<AggregateCall> aggregates;

  // kJoin: equality keys (same types on both sides), an optional residual predicate over
  // the joined columns, and the join type. No keys is a cross join.
  PlanJoinType join_type = PlanJoinType::kInner;
  std::vector<std::string> left_keys, right_keys;
  std::optional<arrow::compute::Expression> residual;

  // kSort
  std::vector<SortKey> sort_keys;

  // kLimit
  int64_t offset = 0;
  std::optional<int64_t> count;

  // kUnnest: one output row per element of the list column `unnest_input`, the other
  // columns repeated; the element takes the list's place in the schema under the name
  // `unnest_output`. A NULL or empty list yields no row (PostgreSQL's unnest).
  std::string unnest_input, unnest_output;
};

/// A bound query: the plan and the result schema the client sees (the user's column
/// names, in order, one per field of `root->schema`).
struct QueryPlan {
  PlanPtr root;
  std::shared_ptr<arrow::Schema> output_schema;
};

/// Hands out the unique internal column names of one query's plan ("_1", "_2", ...).
class NameGenerator {
 public:
  std::string Next() { return "_" + std::to_string(++last_); }

 private:
  int last_ = 0;
};

/// A Scan node over `source` reading `columns` (dataset column names, in order), each
/// under a fresh internal name.
PlanPtr MakeScanNode(ScanSource source, const std::vector<std::string>& columns,
                     NameGenerator& names);

/// The table and dataset column that output field `field` of `node` reads unchanged
/// (through pass-through projections, filters, sorts, limits, joins and group keys), or
/// nullopt when the field is computed. Views inherit that column's attributes.
std::optional<std::pair<QualifiedName, std::string>> SourceColumnOf(const PlanNode& node,
                                                                    const std::string& field);

/// An Unnest node over `input` expanding its list column `list_column` into elements
/// named `element_name`. Errors: kSqlBind when the column is not a list.
arrow::Result<PlanPtr> MakeUnnestNode(PlanPtr input, const std::string& list_column,
                                      std::string element_name);

/// The output schema of an Unnest node: `input` with the list field `list_column`
/// replaced by its element type named `element_name`.
arrow::Result<std::shared_ptr<arrow::Schema>> UnnestSchema(const arrow::Schema& input,
                                                           const std::string& list_column,
                                                           const std::string& element_name);

/// A node of `kind` over `inputs` with output `schema`.
PlanPtr MakeNode(PlanKind kind, std::vector<PlanPtr> inputs,
                 std::shared_ptr<arrow::Schema> schema);

/// `expr` with each field reference renamed through `renames`; false (and `out`
/// untouched) if it references a field the map lacks.
bool RenameFields(const arrow::compute::Expression& expr,
                  const std::map<std::string, std::string>& renames,
                  arrow::compute::Expression* out);

/// The names of the fields `expr` reads.
void CollectFieldNames(const arrow::compute::Expression& expr, std::set<std::string>* out);

/// Splits an AND tree (and_kleene calls) into its conjuncts.
void SplitConjuncts(const arrow::compute::Expression& expr,
                    std::vector<arrow::compute::Expression>* out);

/// The conjunction of `parts` (nullopt when empty).
std::optional<arrow::compute::Expression> Conjunction(
    const std::vector<arrow::compute::Expression>& parts);

/// Every Scan node of the plan, in depth-first order.
std::vector<PlanNode*> CollectScans(PlanNode* root);

/// A "plain scan": only Scan, Filter, Project and a Limit at the top, over one table; such
/// plans split into one task per file.
bool IsPlainScan(const PlanNode& root);

}  // namespace warden::sql
