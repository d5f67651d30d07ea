#include "warden/planner/planner.h"

#include <cctype>
#include <map>
#include <optional>

#include <arrow/type.h>

#include <arrow/compute/api.h>
#include <arrow/builder.h>
#include <arrow/table.h>
#include <arrow/util/key_value_metadata.h>

#include "warden/catalog/filesystems.h"
#include "warden/catalog/storage.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/exec/dataset.h"
#include "warden/exec/fragment.h"
#include "warden/planner/governed_table_provider.h"
#include "warden/planner/worker_pool.h"
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

}  // namespace

std::string Planner::SignFragment(const policy::Principal& principal,
                                  const std::string& query_id, std::string fragment) const {
  const int64_t expires_at_ms = NowMillis() + options_.ticket_ttl.count() * 1000;
  return signer_.Sign({query_id, principal.user, expires_at_ms, std::move(fragment)});
}

PlannedTask Planner::MakeTask(const std::string& ticket) {
  PlannedTask task{ticket, {}};
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
  plan.tasks.push_back(PlannedTask{SignFragment(principal, query_id, std::move(fragment)), {}});
  return plan;
}

arrow::Result<QueryPlan> Planner::PlanExplain(const policy::Principal& principal,
                                              const std::string& sql,
                                              const std::string& query_id) {
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan bound, BindQuery(principal, sql));
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
  if (IsSplittable(bound)) {
    ARROW_ASSIGN_OR_RAISE(auto parts, SplitScan(sql::CollectScans(bound.root.get())[0]->source));
    lines.push_back("Tasks: " + std::to_string(parts.size()) +
                    ", one per file or row-group range, run in parallel on the workers");
    constexpr size_t kShown = 20;
    for (size_t i = 0; i < parts.size() && i < kShown; ++i) {
      const auto& part = parts[i];
      std::string line = "  " + part.file_uris[0];
      if (part.row_groups) {
        line += " row groups " + std::to_string(part.row_groups->first) + ".." +
                std::to_string(part.row_groups->last - 1);
      }
      lines.push_back(std::move(line));
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

arrow::Status Planner::ListFiles(sql::QueryPlan* plan) const {
  for (sql::PlanNode* scan : sql::CollectScans(plan->root.get())) {
    ARROW_ASSIGN_OR_RAISE(auto listing,
                          listings_.Get(scan->source.location, scan->source.format));
    scan->source.file_uris.clear();
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
                                                 AccessSummary* access) const {
  GovernedTableProvider provider(access_, principal);
  provider.set_access_summary(access);
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan plan, sql::PlanQuery(sql, provider));
  ARROW_RETURN_NOT_OK(ListFiles(&plan));
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
  ARROW_ASSIGN_OR_RAISE(sql::QueryPlan bound, BindQuery(principal, sql, &access));

  // A plain scan splits into one task per file; anything else (joins, aggregates, ORDER
  // BY, a LIMIT that must stay exact) runs whole on one worker. An empty table still gets
  // one task so that every client sees the schema through the same path.
  QueryPlan plan{query_id, bound.output_schema, {}, std::move(access)};
  const auto add_task = [&]() -> arrow::Status {
    exec::QueryFragment fragment{bound, options_.query_memory_limit_bytes};
    ARROW_ASSIGN_OR_RAISE(auto text, exec::SerializeFragment(fragment));
    plan.tasks.push_back(MakeTask(SignFragment(principal, query_id, std::move(text))));
    return arrow::Status::OK();
  };
  const auto scans = sql::CollectScans(bound.root.get());
  if (IsSplittable(bound)) {
    // Each task is the same plan with its scan narrowed to one file or row-group range.
    ARROW_ASSIGN_OR_RAISE(auto parts, SplitScan(scans[0]->source));
    for (auto& part : parts) {
      scans[0]->source = std::move(part);
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

arrow::Result<std::vector<sql::ScanSource>> Planner::SplitScan(
    const sql::ScanSource& source) const {
  // Enough tasks for every worker to read in parallel: one per file when there are
  // that many files; otherwise Parquet files are cut into row-group ranges (reading
  // a footer each, which is cheap for these few files).
  const size_t target = std::max<size_t>(2, 2 * options_.worker_uris.size());
  std::vector<sql::ScanSource> parts;
  const size_t files = source.file_uris.size();
  for (const auto& file : source.file_uris) {
    sql::ScanSource one = source;
    one.file_uris = {file};
    if (files >= target || source.format != "parquet") {
      parts.push_back(std::move(one));
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(const int row_groups, exec::CountRowGroups(one));
    const int pieces = static_cast<int>(
        std::min<size_t>((target + files - 1) / files, static_cast<size_t>(row_groups)));
    if (pieces <= 1) {
      parts.push_back(std::move(one));
      continue;
    }
    for (int i = 0; i < pieces; ++i) {
      sql::ScanSource range = one;
      range.row_groups = sql::ScanSource::RowGroupRange{
          static_cast<int>(static_cast<int64_t>(row_groups) * i / pieces),
          static_cast<int>(static_cast<int64_t>(row_groups) * (i + 1) / pieces)};
      parts.push_back(std::move(range));
    }
  }
  return parts;
}

}  // namespace warden::planner
