#include "warden/exec/executor.h"

#include <arrow/acero/exec_plan.h>
#include <arrow/acero/options.h>
#include <arrow/compute/api.h>
#include <arrow/dataset/dataset.h>
#include <arrow/dataset/discovery.h>
#include <arrow/dataset/file_parquet.h>
#include <arrow/dataset/partition.h>
#include <arrow/dataset/plan.h>
#include <arrow/dataset/scanner.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/table.h>
#include <parquet/properties.h>

#include <atomic>
#include <limits>
#include <mutex>

#include "warden/catalog/storage.h"
#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/exec/dataset.h"
#include "warden/exec/dictionary_reads.h"
#include "warden/exec/filter_node.h"
#include "warden/exec/memory_limit.h"
#include "warden/exec/plan_reader.h"
#include "warden/exec/recycling_memory_pool.h"
#include "warden/exec/unnest_node.h"

namespace warden::exec {

namespace {

namespace ac = arrow::acero;
namespace cp = arrow::compute;
namespace ds = arrow::dataset;
using sql::PlanKind;
using sql::PlanNode;

/// Arrow's own errors become Warden errors: reading problems are storage errors, the rest
/// (division by zero, overflow, a bad cast) are the query's.
arrow::Status AsWardenError(const arrow::Status& status) {
  if (status.ok() || status.detail()) return status;
  if (status.IsIOError()) return Error(ErrorCode::kStorage, "reading data failed: " + status.message());
  if (status.IsOutOfMemory()) return Error(ErrorCode::kMemoryLimit, status.message());
  if (status.IsCancelled()) return status;
  return Error(ErrorCode::kQueryFailed, status.message());
}

std::atomic<int64_t> running_plans{0};

/// Relabels each batch to the output schema (casting if a kernel chose a wider type),
/// applies a top-level OFFSET/LIMIT, and keeps the memory pool alive as long as the plan.
class ConformingReader : public arrow::RecordBatchReader {
 public:
  ConformingReader(std::shared_ptr<LimitedMemoryPool> pool,
                   std::shared_ptr<arrow::RecordBatchReader> source,
                   std::shared_ptr<arrow::Schema> schema, int64_t offset,
                   std::optional<int64_t> limit)
      : pool_(std::move(pool)),
        source_(std::move(source)),
        schema_(std::move(schema)),
        skip_(offset),
        remaining_(limit) {
    running_plans.fetch_add(1);
  }

  ~ConformingReader() override { ARROW_UNUSED(Close()); }

  void Cancel() { pool_->Cancel(); }

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* out) override {
    *out = nullptr;
    if (!source_) return Error(ErrorCode::kInternal, "read from a closed result");
    if (remaining_ && *remaining_ <= 0) return arrow::Status::OK();
    std::shared_ptr<arrow::RecordBatch> batch;
    while (true) {
      ARROW_RETURN_NOT_OK(AsWardenError(source_->ReadNext(&batch)));
      if (!batch) return arrow::Status::OK();
      if (skip_ > 0) {
        const int64_t dropped = std::min(skip_, batch->num_rows());
        skip_ -= dropped;
        batch = batch->Slice(dropped);
      }
      if (batch->num_rows() > 0) break;
    }
    if (remaining_) {
      if (batch->num_rows() > *remaining_) batch = batch->Slice(0, *remaining_);
      *remaining_ -= batch->num_rows();
    }
    std::vector<std::shared_ptr<arrow::Array>> columns = batch->columns();
    for (int i = 0; i < schema_->num_fields(); ++i) {
      const auto& want = schema_->field(i)->type();
      if (!columns[i]->type()->Equals(*want)) {
        ARROW_ASSIGN_OR_RAISE(auto cast, cp::Cast(*columns[i], want));
        columns[i] = std::move(cast);
      }
    }
    *out = arrow::RecordBatch::Make(schema_, batch->num_rows(), std::move(columns));
    return arrow::Status::OK();
  }

  /// Stops the plan by dropping its reader, which stops the ExecPlan and waits for it to
  /// finish. Not Acero's PlanReader::Close(): after StopProducing it waits for the sink
  /// to run dry, and with Arrow 26 that wait can last forever when a hash join is
  /// stopped mid-stream (a client that stops reading a join would pin a worker thread).
  arrow::Status Close() override {
    if (source_) {
      source_.reset();
      running_plans.fetch_sub(1);
    }
    return arrow::Status::OK();
  }

 private:
  std::shared_ptr<LimitedMemoryPool> pool_;
  std::shared_ptr<arrow::RecordBatchReader> source_;
  std::shared_ptr<arrow::Schema> schema_;
  int64_t skip_;
  std::optional<int64_t> remaining_;
};

std::string AggregateFunctionName(const std::string& function, bool grouped,
                                  std::shared_ptr<cp::FunctionOptions>* options) {
  std::string name = function;
  if (function == "count" || function == "count_distinct") {
    *options = std::make_shared<cp::CountOptions>(cp::CountOptions::ONLY_VALID);
  } else if (function == "sum" || function == "mean" || function == "min" ||
             function == "max" || function == "all" || function == "any") {
    *options = std::make_shared<cp::ScalarAggregateOptions>(/*skip_nulls=*/true, /*min_count=*/1);
  } else if (function == "stddev_samp" || function == "stddev_pop" || function == "var_samp" ||
             function == "var_pop") {
    const int ddof = function.find("samp") != std::string::npos ? 1 : 0;
    *options = std::make_shared<cp::VarianceOptions>(ddof, /*skip_nulls=*/true, /*min_count=*/1);
    name = function.rfind("stddev", 0) == 0 ? "stddev" : "variance";
  }
  return grouped ? "hash_" + name : name;
}

/// The fields of `schema`, taken by name from `input` in that order (dropping the rest),
/// then `extra` computed columns.
ac::Declaration Select(ac::Declaration input, const arrow::Schema& schema,
                       std::vector<std::pair<std::string, cp::Expression>> extra = {}) {
  std::vector<cp::Expression> expressions;
  std::vector<std::string> names;
  for (const auto& field : schema.fields()) {
    expressions.push_back(cp::field_ref(field->name()));
    names.push_back(field->name());
  }
  for (auto& [name, expression] : extra) {
    names.push_back(name);
    expressions.push_back(std::move(expression));
  }
  return ac::Declaration::Sequence(
      {std::move(input), {"project", ac::ProjectNodeOptions(std::move(expressions), std::move(names))}});
}

/// Translates a plan into an Acero declaration.
class Translator {
 public:
  explicit Translator(arrow::MemoryPool* pool) : pool_(pool) {}

  arrow::Result<ac::Declaration> Translate(const PlanNode& node) {
    ARROW_RETURN_NOT_OK(CheckExpressions(node));
    switch (node.kind) {
      case PlanKind::kScan:
        return Scan(node);
      case PlanKind::kValues:
        return ac::Declaration("table_source", ac::TableSourceNodeOptions(node.values));
      case PlanKind::kFilter: {
        ARROW_ASSIGN_OR_RAISE(auto input, Translate(*node.inputs[0]));
        return ac::Declaration::Sequence(
            {std::move(input), {kFilterNodeName, FilterNodeOptions(node.predicate)}});
      }
      case PlanKind::kProject: {
        ARROW_ASSIGN_OR_RAISE(auto input, Translate(*node.inputs[0]));
        std::vector<std::string> names;
        for (const auto& field : node.schema->fields()) names.push_back(field->name());
        return ac::Declaration::Sequence(
            {std::move(input), {"project", ac::ProjectNodeOptions(node.expressions, names)}});
      }
      case PlanKind::kAggregate:
        return Aggregate(node);
      case PlanKind::kJoin:
        return Join(node);
      case PlanKind::kSort: {
        ARROW_ASSIGN_OR_RAISE(auto input, Translate(*node.inputs[0]));
        std::vector<cp::SortKey> keys;
        for (const auto& key : node.sort_keys) {
          keys.emplace_back(arrow::FieldRef(key.column),
                            key.descending ? cp::SortOrder::Descending : cp::SortOrder::Ascending,
                            key.nulls_first ? cp::NullPlacement::AtStart : cp::NullPlacement::AtEnd);
        }
        return ac::Declaration::Sequence(
            {std::move(input), {"order_by", ac::OrderByNodeOptions(cp::Ordering(std::move(keys)))}});
      }
      case PlanKind::kLimit:
        return Limit(node);
      case PlanKind::kUnion: {
        std::vector<ac::Declaration::Input> inputs;
        for (const auto& input : node.inputs) {
          ARROW_ASSIGN_OR_RAISE(auto translated, Translate(*input));
          inputs.push_back(std::move(translated));
        }
        return ac::Declaration("union", std::move(inputs), ac::ExecNodeOptions{});
      }
      case PlanKind::kUnnest:
        return Unnest(node);
    }
    return Error(ErrorCode::kInternal, "unknown plan node");
  }

 private:
  /// Binds the node's expressions against its input before Acero sees them: an expression
  /// that cannot run (a decimal result too wide, say) is the query's error here, whereas
  /// inside some Acero nodes a failure while the plan is built aborts the process.
  static arrow::Status CheckExpressions(const PlanNode& node) {
    const auto check = [](const cp::Expression& expr, const arrow::Schema& schema) {
      return AsWardenError(expr.Bind(schema).status());
    };
    switch (node.kind) {
      case PlanKind::kFilter:
        return check(node.predicate, *node.inputs[0]->schema);
      case PlanKind::kProject:
        for (const auto& expr : node.expressions) {
          ARROW_RETURN_NOT_OK(check(expr, *node.inputs[0]->schema));
        }
        return arrow::Status::OK();
      case PlanKind::kJoin: {
        if (!node.residual) return arrow::Status::OK();
        arrow::FieldVector fields = node.inputs[0]->schema->fields();
        for (const auto& field : node.inputs[1]->schema->fields()) fields.push_back(field);
        return check(*node.residual, arrow::Schema(fields));
      }
      default:
        return arrow::Status::OK();
    }
  }

  arrow::Result<ac::Declaration> Scan(const PlanNode& node) {
    ARROW_ASSIGN_OR_RAISE(auto dataset, OpenScanDataset(node.source));
    ARROW_RETURN_NOT_OK(ReadDictionaryEncodedStringsAsDictionaries(
        dataset.get(), node.scan_columns, node.scan_filter));
    ds::ScannerBuilder builder(dataset);
    ARROW_RETURN_NOT_OK(builder.Project(node.scan_columns));
    if (node.scan_filter) ARROW_RETURN_NOT_OK(builder.Filter(*node.scan_filter));
    ARROW_RETURN_NOT_OK(builder.UseThreads(true));
    ARROW_RETURN_NOT_OK(builder.Pool(pool_));
    ARROW_RETURN_NOT_OK(PreBufferThroughRecyclingPool(*dataset, &builder));
    ARROW_ASSIGN_OR_RAISE(auto options, builder.GetScanOptions());
    std::vector<cp::Expression> expressions;
    std::vector<std::string> names;
    for (size_t i = 0; i < node.scan_columns.size(); ++i) {
      expressions.push_back(cp::field_ref(node.scan_columns[i]));
      names.push_back(node.schema->field(static_cast<int>(i))->name());
    }
    // Rows leave in file and row-group order whatever the threads do (the plan's sink
    // puts batches back in sequence): re-running a scan task yields the same rows in the
    // same order, so a client can resume it on another worker (PlannedTask::repeatable_order).
    return ac::Declaration::Sequence(
        {{"scan", ds::ScanNodeOptions(dataset, options, /*require_sequenced_output=*/true,
                                       /*implicit_ordering=*/true)},
         {"project", ac::ProjectNodeOptions(std::move(expressions), std::move(names))}});
  }

  /// Parquet reads a row group's column chunks into buffers of the I/O context's pool
  /// (pre-buffering) before decoding them: those come from the recycling pool too, so
  /// they reuse warm pages. Not the query's limited pool: the limit stays about what the
  /// plan holds, as before.
  static arrow::Status PreBufferThroughRecyclingPool(const ds::Dataset& dataset,
                                                     ds::ScannerBuilder* builder) {
    const auto* files = dynamic_cast<const ds::FileSystemDataset*>(&dataset);
    if (files == nullptr) return arrow::Status::OK();
    const auto* base = dynamic_cast<const ds::ParquetFragmentScanOptions*>(
        files->format()->default_fragment_scan_options.get());
    if (base == nullptr) return arrow::Status::OK();
    auto options = std::make_shared<ds::ParquetFragmentScanOptions>(*base);
    options->arrow_reader_properties =
        std::make_shared<parquet::ArrowReaderProperties>(*base->arrow_reader_properties);
    options->arrow_reader_properties->set_io_context(
        arrow::io::IOContext(RecyclingMemoryPool::Shared()));
    return builder->FragmentScanOptions(std::move(options));
  }

  arrow::Result<ac::Declaration> Aggregate(const PlanNode& node) {
    ARROW_ASSIGN_OR_RAISE(auto input, Translate(*node.inputs[0]));
    const bool grouped = !node.group_keys.empty();
    std::vector<cp::Aggregate> aggregates;
    for (const auto& call : node.aggregates) {
      std::shared_ptr<cp::FunctionOptions> options;
      std::string function = AggregateFunctionName(call.function, grouped, &options);
      std::vector<arrow::FieldRef> targets;
      if (!call.input.empty()) targets.emplace_back(call.input);
      aggregates.emplace_back(std::move(function), std::move(options), std::move(targets),
                              call.output);
    }
    std::vector<arrow::FieldRef> keys;
    for (const auto& key : node.group_keys) keys.emplace_back(key);
    auto aggregate = ac::Declaration::Sequence(
        {std::move(input),
         {"aggregate", ac::AggregateNodeOptions(std::move(aggregates), std::move(keys))}});
    return Select(std::move(aggregate), *node.schema);
  }

  arrow::Result<ac::Declaration> Join(const PlanNode& node) {
    ARROW_ASSIGN_OR_RAISE(auto left, Translate(*node.inputs[0]));
    ARROW_ASSIGN_OR_RAISE(auto right, Translate(*node.inputs[1]));
    std::vector<arrow::FieldRef> left_keys, right_keys;
    for (const auto& key : node.left_keys) left_keys.emplace_back(key);
    for (const auto& key : node.right_keys) right_keys.emplace_back(key);
    if (left_keys.empty()) {
      // A cross join (or a join on non-equalities only) matches every pair: hash both
      // sides on one constant.
      left = Select(std::move(left), *node.inputs[0]->schema,
                    {{"__cross_left", cp::literal(int32_t{1})}});
      right = Select(std::move(right), *node.inputs[1]->schema,
                     {{"__cross_right", cp::literal(int32_t{1})}});
      left_keys.emplace_back("__cross_left");
      right_keys.emplace_back("__cross_right");
    }
    ac::JoinType type = ac::JoinType::INNER;
    switch (node.join_type) {
      case sql::PlanJoinType::kLeft:
        type = ac::JoinType::LEFT_OUTER;
        break;
      case sql::PlanJoinType::kRight:
        type = ac::JoinType::RIGHT_OUTER;
        break;
      case sql::PlanJoinType::kFull:
        type = ac::JoinType::FULL_OUTER;
        break;
      default:
        break;
    }
    ac::HashJoinNodeOptions options(type, std::move(left_keys), std::move(right_keys),
                                    node.residual.value_or(cp::literal(true)));
    ac::Declaration join("hashjoin", {std::move(left), std::move(right)}, std::move(options));
    return Select(std::move(join), *node.schema);
  }

  /// OFFSET/LIMIT below the top. After ORDER BY, Acero's fetch keeps the order; without
  /// one any rows will do, so the input is read up to the limit and handed on as a table.
  arrow::Result<ac::Declaration> Limit(const PlanNode& node) {
    const int64_t count = node.count.value_or(std::numeric_limits<int64_t>::max() - node.offset);
    ARROW_ASSIGN_OR_RAISE(auto input, Translate(*node.inputs[0]));
    if (node.inputs[0]->kind == PlanKind::kSort) {
      return ac::Declaration::Sequence(
          {std::move(input), {"fetch", ac::FetchNodeOptions(node.offset, count)}});
    }
    ARROW_ASSIGN_OR_RAISE(auto reader, StartPlan(std::move(input), pool_));
    ConformingReader limited(nullptr, std::move(reader), node.schema, node.offset, count);
    arrow::RecordBatchVector batches;
    std::shared_ptr<arrow::RecordBatch> batch;
    while (true) {
      ARROW_RETURN_NOT_OK(limited.ReadNext(&batch));
      if (!batch) break;
      batches.push_back(std::move(batch));
    }
    ARROW_RETURN_NOT_OK(limited.Close());
    ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(node.schema, batches));
    return ac::Declaration("table_source", ac::TableSourceNodeOptions(std::move(table)));
  }

  arrow::Result<ac::Declaration> Unnest(const PlanNode& node) {
    ARROW_ASSIGN_OR_RAISE(auto input, Translate(*node.inputs[0]));
    return ac::Declaration::Sequence(
        {std::move(input),
         {kUnnestNodeName, UnnestNodeOptions(node.unnest_input, node.schema)}});
  }

  arrow::MemoryPool* pool_;
};

void InitializeDatasetNodes() {
  static std::once_flag once;
  std::call_once(once, [] { ds::internal::Initialize(); });
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecutePlan(const sql::QueryPlan& plan,
                                                                     int64_t memory_limit_bytes) {
  ARROW_RETURN_NOT_OK(InitializeArrowCompute());
  InitializeDatasetNodes();
  ARROW_RETURN_NOT_OK(RegisterUnnestNode());
  ARROW_RETURN_NOT_OK(RegisterFilterNode());
  if (memory_limit_bytes <= 0) memory_limit_bytes = kDefaultQueryMemoryLimit;
  auto pool = LimitedMemoryPool::Make(RecyclingMemoryPool::Shared(), memory_limit_bytes);
  // A LIMIT at the top is applied while streaming, so a plain scan stops reading early.
  const PlanNode* root = plan.root.get();
  int64_t offset = 0;
  std::optional<int64_t> limit;
  if (root->kind == PlanKind::kLimit) {
    offset = root->offset;
    limit = root->count;
    root = root->inputs[0].get();
  }
  Translator translator(pool.get());
  ARROW_ASSIGN_OR_RAISE(auto declaration, translator.Translate(*root));
  ARROW_ASSIGN_OR_RAISE(auto reader, StartPlan(std::move(declaration), pool.get()));
  return std::make_shared<ConformingReader>(std::move(pool), std::move(reader),
                                            plan.output_schema, offset, limit);
}

void CancelExecution(arrow::RecordBatchReader* reader) {
  if (auto* conforming = dynamic_cast<ConformingReader*>(reader)) conforming->Cancel();
}

int64_t RunningPlans() { return running_plans.load(); }

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecuteFragment(
    const Fragment& fragment) {
  ARROW_RETURN_NOT_OK(InitializeArrowCompute());
  if (const auto* query = std::get_if<QueryFragment>(&fragment)) {
    auto reader = ExecutePlan(query->plan, query->memory_limit_bytes);
    if (!reader.ok()) return AsWardenError(reader.status());
    return reader;
  }
  const auto& table = std::get<InlineResult>(fragment).table;
  return std::make_shared<arrow::TableBatchReader>(table);
}

}  // namespace warden::exec
