#include "warden/planner/planner.h"

#include <map>

#include <arrow/compute/api.h>
#include <arrow/table.h>

#include "warden/catalog/storage.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/exec/fragment.h"
#include "warden/sql/binder.h"
#include "warden/sql/governance.h"

namespace warden::planner {

namespace {

/// The binder's view of the catalog: the caller's governed view of each table, remembered
/// so that planning uses exactly what binding saw.
class GovernedSchemaProvider : public sql::TableSchemaProvider {
 public:
  GovernedSchemaProvider(const policy::AccessController* access,
                         const policy::Principal& principal)
      : access_(access), principal_(principal) {}

  arrow::Result<std::shared_ptr<arrow::Schema>> GetTableSchema(
      const sql::QualifiedName& table) override {
    ARROW_ASSIGN_OR_RAISE(auto governed, access_->GovernedView(principal_, table));
    auto schema = governed.visible_schema;
    tables_.insert_or_assign(table.ToString(), std::move(governed));
    return schema;
  }

  const policy::GovernedTable* Find(const sql::QualifiedName& table) const {
    auto it = tables_.find(table.ToString());
    return it == tables_.end() ? nullptr : &it->second;
  }

 private:
  const policy::AccessController* access_;
  const policy::Principal& principal_;
  std::map<std::string, policy::GovernedTable> tables_;
};

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
  if (!sql::IsGovernanceStatement(sql)) return PlanQuery(principal, sql, query_id);

  ARROW_ASSIGN_OR_RAISE(auto statement, sql::ParseGovernance(sql));
  ARROW_ASSIGN_OR_RAISE(auto table, governance_.Execute(principal, statement));
  ARROW_ASSIGN_OR_RAISE(auto fragment, exec::SerializeFragment(exec::InlineResult{table}));
  QueryPlan plan{query_id, table->schema(), {}};
  plan.tasks.push_back(PlannedTask{SignFragment(principal, query_id, std::move(fragment)), {}});
  return plan;
}

arrow::Result<QueryPlan> Planner::PlanQuery(const policy::Principal& principal,
                                            const std::string& sql,
                                            const std::string& query_id) {
  if (options_.worker_uris.empty()) {
    return Error(ErrorCode::kUnavailable, "no workers are configured to run queries");
  }
  GovernedSchemaProvider provider(access_, principal);
  ARROW_ASSIGN_OR_RAISE(auto bound, sql::PlanQuery(sql, provider));
  const policy::GovernedTable* governed = provider.Find(bound.table);
  if (governed == nullptr) {
    return Error(ErrorCode::kInternal, "bound table was not resolved through the policy");
  }

  exec::ScanFragment scan;
  scan.format = governed->dataset.format;
  scan.dataset_schema = governed->dataset.schema;
  scan.columns = bound.source_columns;
  scan.output_schema = bound.output_schema;
  scan.limit = bound.limit;
  // The policy's row filter comes first; the user's WHERE only narrows it further.
  if (governed->row_filter && bound.filter) {
    scan.filter = arrow::compute::and_(*governed->row_filter, *bound.filter);
  } else if (governed->row_filter) {
    scan.filter = governed->row_filter;
  } else {
    scan.filter = bound.filter;
  }

  ARROW_ASSIGN_OR_RAISE(auto listing, catalog::ListDataFiles(governed->dataset.location));
  std::vector<std::string> file_uris;
  for (const auto& path : listing.paths) file_uris.push_back("file://" + path);

  // One task per file; a LIMIT needs one task to stay exact, and an empty table still
  // gets one task so that every client sees the schema through the same path.
  std::vector<std::vector<std::string>> task_files;
  if (scan.limit || file_uris.size() <= 1) {
    task_files.push_back(file_uris);
  } else {
    for (const auto& uri : file_uris) task_files.push_back({uri});
  }

  QueryPlan plan{query_id, bound.output_schema, {}};
  for (auto& files : task_files) {
    scan.file_uris = std::move(files);
    ARROW_ASSIGN_OR_RAISE(auto fragment, exec::SerializeFragment(scan));
    plan.tasks.push_back(MakeTask(SignFragment(principal, query_id, std::move(fragment))));
  }
  return plan;
}

}  // namespace warden::planner
