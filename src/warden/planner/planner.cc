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
  lines.push_back(plain ? "Tasks: one per file, run in parallel on the workers"
                        : "Tasks: one, running the whole plan on one worker");
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
  if (sql::IsPlainScan(*bound.root) && bound.root->kind != sql::PlanKind::kLimit &&
      scans.size() == 1 && scans[0]->source.file_uris.size() > 1) {
    // Each task is the same plan with its scan narrowed to one file.
    const std::vector<std::string> files = scans[0]->source.file_uris;
    for (const auto& file : files) {
      scans[0]->source.file_uris = {file};
      ARROW_RETURN_NOT_OK(add_task());
    }
  } else {
    ARROW_RETURN_NOT_OK(add_task());
  }
  return plan;
}

}  // namespace warden::planner
