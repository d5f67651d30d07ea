#include "warden/planner/audit_dataset.h"

#include <spdlog/spdlog.h>

#include <arrow/type.h>

#include "warden/audit/event_arrow.h"
#include "warden/catalog/filesystems.h"
#include "warden/common/error.h"

namespace warden::planner {

namespace {

/// The report views. `user` and `date` are keywords in PostgreSQL's grammar: quoted.
constexpr const char* kViews[][2] = {
    {"audit_requests_by_user_day",
     "SELECT \"date\", \"user\", count(*) AS requests, "
     "sum(CASE WHEN status = 'ok' THEN 0 ELSE 1 END) AS refused_or_failed "
     "FROM warden_system.audit_logs "
     "WHERE service = 'planner' AND kind <> 'authentication' "
     "GROUP BY \"date\", \"user\""},
    // Reads as the workers served them.
    {"audit_reads_by_user_day",
     "SELECT \"date\", \"user\", count(DISTINCT request_id) AS queries, "
     "count(*) AS tasks, sum(rows) AS rows_sent, sum(bytes) AS bytes_sent "
     "FROM warden_system.audit_logs WHERE kind = 'task' AND status = 'ok' "
     "GROUP BY \"date\", \"user\""},
    // Datasets by reads: a plan event names every dataset the statement read (`datasets`,
    // a list), so each allowed plan counts once per dataset it touched.
    {"audit_datasets_by_reads",
     "SELECT \"date\", dataset, count(*) AS reads, count(DISTINCT \"user\") AS users "
     "FROM (SELECT \"date\", \"user\", unnest(datasets) AS dataset "
     "FROM warden_system.audit_logs WHERE kind = 'plan' AND status = 'ok') d "
     "GROUP BY \"date\", dataset"},
    {"audit_refusals",
     "SELECT time, \"user\", service, kind, error_code, error_message, statement, "
     "client_address, request_id FROM warden_system.audit_logs WHERE status <> 'ok'"},
};

int64_t NowMs() { return audit::NowMicros() / 1000; }

arrow::Result<catalog::DatasetInfo> AuditTable(const audit::AuditLocation& location,
                                               audit::AuditFileFormat format,
                                               const std::string& owner) {
  catalog::DatasetInfo table;
  table.database = kSystemDatabase;
  table.name = kAuditLogsTable;
  ARROW_ASSIGN_OR_RAISE(table.location,
                        catalog::LocationUri(*location.filesystem(), location.root()));
  table.format = format == audit::AuditFileFormat::kParquet ? "parquet" : "json";
  arrow::FieldVector fields = audit::AuditSchema()->fields();
  fields.push_back(arrow::field("date", arrow::utf8()));
  table.schema = arrow::schema(std::move(fields));
  table.partition_columns = {"date"};
  table.schema_declared = true;
  for (const auto& field : table.schema->fields()) table.columns.push_back({field->name()});
  table.owner = owner;
  table.comment = "The audit trail: one row per authentication, plan, task, statement, "
                  "refusal and error (docs/audit.md)";
  table.created_at_ms = NowMs();
  return table;
}

}  // namespace

arrow::Status RegisterAuditDataset(catalog::MetaStore* store, Planner* planner,
                                   const policy::Principal& definer,
                                   const audit::AuditLocation& location,
                                   audit::AuditFileFormat format) {
  ARROW_RETURN_NOT_OK(store->CreateDatabase(
      {kSystemDatabase, definer.user, "Warden's own datasets", NowMs(), {}},
      /*if_not_exists=*/true));
  ARROW_ASSIGN_OR_RAISE(auto wanted, AuditTable(location, format, definer.user));
  ARROW_ASSIGN_OR_RAISE(auto existing, store->GetDataset(kSystemDatabase, kAuditLogsTable));
  const bool same = existing && existing->location == wanted.location &&
                    existing->format == wanted.format &&
                    existing->schema->Equals(*wanted.schema);
  if (existing && !same) {
    spdlog::info("re-pointing {}.{} at {}", kSystemDatabase, kAuditLogsTable,
                 wanted.location);
    ARROW_RETURN_NOT_OK(store->DropDataset(kSystemDatabase, kAuditLogsTable,
                                           /*if_exists=*/true));
  }
  if (!same) ARROW_RETURN_NOT_OK(store->CreateDataset(wanted, /*if_not_exists=*/true));
  for (const auto& [name, query] : kViews) {
    const std::string sql = std::string("CREATE VIEW IF NOT EXISTS ") + kSystemDatabase +
                            "." + name + " AS " + query;
    auto created = planner->Plan(definer, sql);
    if (!created.ok()) {
      // A report the engine cannot run yet must not stop the planner: say which.
      spdlog::warn("audit report view {} not created: {}", name,
                   FormatError(created.status()));
    }
  }
  return arrow::Status::OK();
}

}  // namespace warden::planner
