#include "warden/planner/planner.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>

#include <arrow/type.h>

#include <arrow/compute/api.h>
#include <arrow/builder.h>
#include <arrow/table.h>
#include <arrow/util/key_value_metadata.h>
#include <parquet/metadata.h>

#include "warden/catalog/filesystems.h"
#include "warden/catalog/storage.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/exec/dataset.h"
#include "warden/exec/fragment.h"
#include "warden/planner/governed_table_provider.h"
#include "warden/planner/worker_pool.h"
#include "warden/policy/evaluation_timer.h"
#include "warden/sql/explain.h"
#include "warden/sql/binder.h"
#include "warden/sql/governance.h"

namespace warden::planner {

namespace {

namespace cp = arrow::compute;

/// The query of `EXPLAIN <query>`, or nullopt for any other statement. (`EXPLAIN ACCESS`
/// is a governance statement.)
std::optional<std::string> ExplainedQuery(const std::string& sql) {
  size_t start = sql.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || sql.size() - start < 8) return std::nullopt;
  std::string word = sql.substr(start, 7);
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (word != "explain" || !std::isspace(static_cast<unsigned char>(sql[start + 7]))) {
    return std::nullopt;
  }
  std::string rest = sql.substr(start + 8);
  const size_t next = rest.find_first_not_of(" \t\r\n");
  if (next != std::string::npos) {
    std::string access = rest.substr(next, 6);
    for (char& c : access) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (access == "access") return std::nullopt;
  }
  return rest;
}

bool ChangesCatalog(const sql::GovernanceStatement& statement) {
  return !std::holds_alternative<sql::ShowDatabases>(statement) &&
         !std::holds_alternative<sql::ShowTables>(statement) &&
         !std::holds_alternative<sql::DescribeTable>(statement);
}

arrow::Result<std::string> NewQueryId() {
  ARROW_ASSIGN_OR_RAISE(auto bytes, crypto::RandomBytes(16));
  return crypto::HexEncode(bytes);
}

/// "task 3: file:///t/a.parquet row groups 0..3 and 2 more file(s), 1.5 MiB" (EXPLAIN).
std::string DescribeTask(size_t index, const ScanTask& task) {
  const auto& source = task.source;
  std::string out = "task " + std::to_string(index + 1) + ": " + source.file_uris[0];
  if (!source.row_groups.empty() && source.row_groups[0]) {
    out += " row groups " + std::to_string(source.row_groups[0]->first) + ".." +
           std::to_string(source.row_groups[0]->last - 1);
  }
  if (source.file_uris.size() > 1) {
    out += " and " + std::to_string(source.file_uris.size() - 1) + " more file(s)";
  }
  char size[32];
  std::snprintf(size, sizeof(size), ", %.1f MiB", static_cast<double>(task.bytes) / (1 << 20));
  return out + size;
}

}  // namespace

std::string Planner::SignFragment(const policy::Principal& principal,
                                  const std::string& query_id, std::string fragment) const {
  const int64_t expires_at_ms = NowMillis() + options_.ticket_ttl.count() * 1000;
  return signer_.Sign({query_id, principal.user, expires_at_ms, std::move(fragment)});
}

PlannedTask Planner::MakeTask(const std::string& ticket, bool repeatable_order) {
  PlannedTask task{ticket, {}, repeatable_order};
  if (options_.worker_pool) {
    task.locations = options_.worker_pool->Pick(options_.locations_per_task);
    return task;
  }
  const auto& workers = options_.worker_uris;
  const size_t count = std::min(options_.locations_per_task, workers.size());
  const uint64_t start = next_worker_.fetch_add(1, std::memory_order_relaxed);
  for (size_t i = 0; i < count; ++i) {
    task.locations.push_back(workers[(start + i) % workers.size()]);
  }
  return task;
}

arrow::Result<QueryPlan> Planner::Plan(const policy::Principal& principal,
                                       const std::string& sql) {
  ARROW_ASSIGN_OR_RAISE(auto query_id, NewQueryId());
  if (auto query = ExplainedQuery(sql)) return PlanExplain(principal, *query, query_id);
  if (!sql::IsGovernanceStatement(sql)) return PlanQuery(principal, sql, query_id);

  ARROW_ASSIGN_OR_RAISE(auto statement, sql::ParseGovernance(sql));
  ARROW_ASSIGN_OR_RAISE(auto table, governance_.Execute(principal, statement));
  // DDL may create, drop or move tables: plan the next queries from fresh listings. (Other
  // planners see file changes within the cache's TTL.)
  if (ChangesCatalog(statement)) listings_.Clear();
  return InlinePlan(principal, query_id, std::move(table));
}

arrow::Result<QueryPlan> Planner::InlinePlan(const policy::Principal& principal,
                                             const std::string& query_id,
                                             std::shared_ptr<arrow::Table> table) const {
  QueryPlan plan{query_id, table->schema(), {}};
  ARROW_ASSIGN_OR_RAISE(auto fragment, exec::SerializeFragment(exec::InlineResult{table}));
  plan.tasks.push_back(PlannedTask{SignFragment(principal, query_id, std::move(fragment)), {},
                                   /*repeatable_order=*/true});
  return plan;
}

arrow::Result<QueryPlan> Planner::PlanExplain(const policy::Principal& principal,
                                              const std::string& sql,
                                              const std::string& query_id) {
  ScanListings listings;
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan bound,
                        BindQuery(principal, sql, /*access=*/nullptr, &listings));
  const bool plain = sql::IsPlainScan(*bound.root);
  const auto details = [&](const sql::PlanNode& scan) -> std::string {
    auto stats = exec::MeasurePruning(scan);
    if (!stats.ok()) return " (pruning unknown: " + stats.status().message() + ")";
    std::string out = " files=" + std::to_string(stats->files_kept) + "/" +
                      std::to_string(stats->files_total);
    if (scan.source.format == "parquet") {
      out += " row_groups=" + std::to_string(stats->row_groups_kept) + "/" +
             std::to_string(stats->row_groups_total);
    }
    return out;
  };
  std::vector<std::string> lines = sql::ExplainPlan(bound, details);
  if (const auto* timer = policy::PolicyEvaluationTimer::Current()) {
    char cost[128];
    std::snprintf(cost, sizeof(cost),
                  "Policy evaluation: %.3f ms (principal, grants and governed views)",
                  std::chrono::duration<double, std::milli>(timer->elapsed()).count());
    lines.push_back(cost);
  }
  if (IsSplittable(bound)) {
    ARROW_ASSIGN_OR_RAISE(auto parts,
                          SplitScan(sql::CollectScans(bound.root.get())[0]->source,
                                    *listings[0]));
    lines.push_back("Tasks: " + std::to_string(parts.size()) +
                    ", files packed by size or cut into row-group ranges, run in parallel "
                    "on the workers");
    constexpr size_t kShown = 20;
    for (size_t i = 0; i < parts.size() && i < kShown; ++i) {
      lines.push_back("  " + DescribeTask(i, parts[i]));
    }
    if (parts.size() > kShown) {
      lines.push_back("  ... and " + std::to_string(parts.size() - kShown) + " more");
    }
  } else {
    lines.push_back(plain ? "Tasks: one, the plan reads all of its files in one task"
                          : "Tasks: one, running the whole plan on one worker");
  }
  arrow::StringBuilder builder;
  ARROW_RETURN_NOT_OK(builder.AppendValues(lines));
  ARROW_ASSIGN_OR_RAISE(auto column, builder.Finish());
  auto table = arrow::Table::Make(arrow::schema({arrow::field("plan", arrow::utf8())}),
                                  {column});
  return InlinePlan(principal, query_id, std::move(table));
}

arrow::Status Planner::ListFiles(sql::QueryPlan* plan, ScanListings* listings) const {
  for (sql::PlanNode* scan : sql::CollectScans(plan->root.get())) {
    ARROW_ASSIGN_OR_RAISE(auto listing,
                          listings_.Get(scan->source.location, scan->source.format));
    if (listings != nullptr) listings->push_back(listing);
    scan->source.file_uris.clear();
    scan->source.file_uris.reserve(listing->files.size());
    for (const auto& file : listing->files) {
      ARROW_ASSIGN_OR_RAISE(auto uri,
                            catalog::LocationUri(*listing->filesystem, file.info.path()));
      scan->source.file_uris.push_back(std::move(uri));
    }
  }
  return arrow::Status::OK();
}

arrow::Result<sql::QueryPlan> Planner::BindQuery(const policy::Principal& principal,
                                                 const std::string& sql,
                                                 AccessSummary* access,
                                                 ScanListings* listings) const {
  GovernedTableProvider provider(access_, principal);
  provider.set_access_summary(access);
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan plan, sql::PlanQuery(sql, provider));
  ARROW_RETURN_NOT_OK(ListFiles(&plan, listings));
  if (access != nullptr) access->AddScans(*plan.root);
  return plan;
}

arrow::Result<QueryPlan> Planner::PlanQuery(const policy::Principal& principal,
                                            const std::string& sql,
                                            const std::string& query_id) {
  if (options_.worker_uris.empty()) {
    return Error(ErrorCode::kUnavailable, "no workers are configured to run queries");
  }
  AccessSummary access;
  ScanListings listings;
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan bound, BindQuery(principal, sql, &access, &listings));

  // A plain scan splits into tasks of files packed by size; anything else (joins, aggregates, ORDER
  // BY, a LIMIT that must stay exact) runs whole on one worker. An empty table still gets
  // one task so that every client sees the schema through the same path.
  QueryPlan plan{query_id, bound.output_schema, {}, std::move(access)};
  // The executor sequences a scan's batches in file and row-group order, so only plans
  // made of nothing but a scan, filters, projections and a top LIMIT repeat their order.
  const bool repeatable_order = sql::IsPlainScan(*bound.root);
  const auto add_task = [&]() -> arrow::Status {
    exec::QueryFragment fragment{bound, options_.query_memory_limit_bytes};
    ARROW_ASSIGN_OR_RAISE(auto text, exec::SerializeFragment(fragment));
    plan.tasks.push_back(
        MakeTask(SignFragment(principal, query_id, std::move(text)), repeatable_order));
    return arrow::Status::OK();
  };
  const auto scans = sql::CollectScans(bound.root.get());
  if (IsSplittable(bound)) {
    // Each task is the same plan with its scan narrowed to some files or row-group ranges.
    ARROW_ASSIGN_OR_RAISE(auto parts, SplitScan(scans[0]->source, *listings[0]));
    for (auto& part : parts) {
      scans[0]->source = std::move(part.source);
      ARROW_RETURN_NOT_OK(add_task());
    }
  } else {
    ARROW_RETURN_NOT_OK(add_task());
  }
  return plan;
}

bool Planner::IsSplittable(const sql::QueryPlan& bound) const {
  const auto scans = sql::CollectScans(bound.root.get());
  return sql::IsPlainScan(*bound.root) && bound.root->kind != sql::PlanKind::kLimit &&
         scans.size() == 1 && !scans[0]->source.file_uris.empty();
}

arrow::Result<std::vector<ScanTask>> Planner::SplitScan(
    const sql::ScanSource& source, const catalog::CachedListing& listing) const {
  const auto& files = listing.files;
  if (files.size() != source.file_uris.size()) {
    return Error(ErrorCode::kInternal, "the scan's files do not match their listing");
  }
  // Opening a file costs about as much as reading this many bytes: it balances tasks of
  // many tiny files by count and keeps empty files from being free.
  constexpr int64_t kFileOpenCostBytes = int64_t{64} << 10;
  const auto weight_of = [&](size_t i) {
    return std::max<int64_t>(files[i].info.size(), 0) + kFileOpenCostBytes;
  };
  int64_t total = 0;
  for (size_t i = 0; i < files.size(); ++i) total += weight_of(i);
  // Enough tasks for every worker to read in parallel, about task_target_bytes each,
  // and never so many that the FlightInfo grows with the number of files.
  const int64_t target_bytes = std::max<int64_t>(1, options_.task_target_bytes);
  const size_t min_tasks = std::max<size_t>(2, 2 * options_.worker_uris.size());
  const size_t wanted = std::max<size_t>(
      1, std::min(std::max(static_cast<size_t>((total + target_bytes - 1) / target_bytes),
                           min_tasks),
                  std::max<size_t>(options_.max_tasks_per_scan, 1)));
  const int64_t per_task = std::max<int64_t>(1, (total + wanted - 1) / wanted);

  // Pieces: whole files, or row-group ranges of Parquet files larger than a task
  // (their footers are in the listing cache, so this reads nothing).
  struct Piece {
    size_t file;
    std::optional<sql::ScanSource::RowGroupRange> range;
    int64_t weight;
    int64_t bytes;       // of the file, or its share of them for a range
    int row_groups = 0;  // of the file
  };
  std::vector<Piece> pieces;
  pieces.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const int64_t weight = weight_of(i);
    const auto* footer = files[i].parquet_metadata.get();
    const int row_groups = footer != nullptr ? footer->num_row_groups() : 0;
    if (source.format != "parquet" || row_groups < 2 || weight <= per_task) {
      pieces.push_back({i, std::nullopt, weight, weight - kFileOpenCostBytes});
      continue;
    }
    const int cuts = static_cast<int>(
        std::min<int64_t>(row_groups, (weight + per_task - 1) / per_task));
    for (int c = 0; c < cuts; ++c) {
      const int first = static_cast<int>(int64_t{row_groups} * c / cuts);
      const int last = static_cast<int>(int64_t{row_groups} * (c + 1) / cuts);
      pieces.push_back({i, sql::ScanSource::RowGroupRange{first, last},
                        weight * (last - first) / row_groups,
                        (weight - kFileOpenCostBytes) * (last - first) / row_groups,
                        row_groups});
    }
  }

  // Pack pieces in listing order (neighbouring files, often one partition, stay
  // together): a piece goes to the task its middle byte falls in.
  sql::ScanSource empty = source;  // copied into each task without the files
  empty.file_uris.clear();
  empty.row_groups.clear();
  std::vector<ScanTask> tasks;
  size_t current = std::numeric_limits<size_t>::max();
  int64_t offset = 0;
  for (const auto& piece : pieces) {
    const size_t index =
        std::min<size_t>(wanted - 1, static_cast<size_t>((offset + piece.weight / 2) / per_task));
    offset += piece.weight;
    if (index != current) {
      current = index;
      tasks.push_back(ScanTask{empty, 0});
    }
    ScanTask& task = tasks.back();
    task.bytes += piece.bytes;
    auto& uris = task.source.file_uris;
    auto& ranges = task.source.row_groups;
    if (!uris.empty() && uris.back() == source.file_uris[piece.file] && ranges.back() &&
        piece.range && ranges.back()->last == piece.range->first) {
      // Adjacent ranges of one file in one task: read them as one range (or whole).
      ranges.back()->last = piece.range->last;
      if (ranges.back()->first == 0 && ranges.back()->last == piece.row_groups) {
        ranges.back().reset();
      }
      continue;
    }
    uris.push_back(source.file_uris[piece.file]);
    ranges.push_back(piece.range);
  }
  for (auto& task : tasks) {
    auto& ranges = task.source.row_groups;
    if (std::none_of(ranges.begin(), ranges.end(), [](const auto& r) { return r.has_value(); })) {
      ranges.clear();
    }
  }
  return tasks;
}

}  // namespace warden::planner
