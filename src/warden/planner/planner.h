#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/catalog/listing_cache.h"
#include "warden/catalog/meta_store.h"
#include "warden/common/ticket.h"
#include "warden/planner/access_summary.h"
#include "warden/planner/governance_executor.h"
#include "warden/planner/governed_table_provider.h"
#include "warden/policy/access_controller.h"
#include "warden/sql/logical_plan.h"

namespace warden::planner {

class WorkerPool;

struct PlannerOptions {
  /// Workers that execute scan tasks, as Flight URIs ("grpc://host:port").
  std::vector<std::string> worker_uris;
  /// When set, tasks list the live workers of this pool (heartbeats), least loaded first,
  /// instead of `worker_uris` in rotation.
  std::shared_ptr<WorkerPool> worker_pool;
  /// How long a signed ticket stays valid.
  std::chrono::seconds ticket_ttl{300};
  /// How many workers each task lists (the client may use any of them).
  size_t locations_per_task = 3;
  /// The memory each query may use on a worker (0: the worker's default).
  int64_t query_memory_limit_bytes = 0;
  /// A plain scan packs files into tasks of about this many bytes (Parquet files larger
  /// than a task are cut into row-group ranges) ...
  int64_t task_target_bytes = int64_t{128} << 20;
  /// ... into at least twice as many tasks as workers when there are enough pieces, and
  /// at most this many (so the FlightInfo does not grow with the number of files).
  size_t max_tasks_per_scan = 256;
};

/// One task of a split plain scan: the scan narrowed to some files or row-group ranges.
struct ScanTask {
  sql::ScanSource source;
  int64_t bytes = 0;  ///< about how many bytes of files it reads
};

/// One unit of work: a signed ticket and where it may run. Empty `locations` means
/// "on the planner that produced it" (Flight's convention), used for inline results.
struct PlannedTask {
  std::string ticket;
  std::vector<std::string> locations;
  /// Re-running the ticket yields the same rows in the same order (plain scans and
  /// inline results), so a client that lost a worker mid-stream may resume the task on
  /// another location by skipping the rows it already has. Other plans (joins,
  /// aggregates, ORDER BY with ties) may come back in another order: only a re-run from
  /// the start is safe.
  bool repeatable_order = false;
};

struct QueryPlan {
  std::string query_id;
  std::shared_ptr<arrow::Schema> schema;
  std::vector<PlannedTask> tasks;
  AccessSummary access;  // for the audit event: datasets, columns, policy applied
};

/// Turns SQL text into a governed, signed plan (DESIGN §2): governance statements run
/// here and come back as one inline task; queries are bound against the caller's governed
/// view and split into scan tasks balanced by bytes. Thread-safe.
class Planner {
 public:
  Planner(catalog::MetaStore* store, const policy::AccessController* access,
          TicketSigner signer, PlannerOptions options)
      : store_(store),
        access_(access),
        governance_(store, access),
        signer_(std::move(signer)),
        options_(std::move(options)) {
    governance_.set_view_validator(GovernedViewValidator(access));
  }

  arrow::Result<QueryPlan> Plan(const policy::Principal& principal, const std::string& sql);

  /// Files changed at `location` (a new audit file): plan the next queries from a fresh
  /// listing of it.
  void InvalidateListing(const std::string& location) { listings_.Invalidate(location); }

 private:
  arrow::Result<QueryPlan> PlanQuery(const policy::Principal& principal,
                                     const std::string& sql, const std::string& query_id);
  /// Binds and optimizes `sql` against the caller's governed view; scans list their files.
  /// The listing of each scan of a plan, in CollectScans order.
  using ScanListings = std::vector<std::shared_ptr<const catalog::CachedListing>>;
  /// `listings`, when set, receives the listing each scan's files came from.
  arrow::Result<sql::QueryPlan> BindQuery(const policy::Principal& principal,
                                          const std::string& sql,
                                          AccessSummary* access = nullptr,
                                          ScanListings* listings = nullptr) const;
  arrow::Status ListFiles(sql::QueryPlan* plan, ScanListings* listings) const;
  /// True for a plain scan of one table with files (no LIMIT): it runs as several tasks.
  bool IsSplittable(const sql::QueryPlan& bound) const;
  /// The scan's files (`listing`, in the order of source.file_uris) packed into tasks
  /// balanced by bytes, large Parquet files cut into row-group ranges (see PlannerOptions).
  arrow::Result<std::vector<ScanTask>> SplitScan(const sql::ScanSource& source,
                                                 const catalog::CachedListing& listing) const;
  /// EXPLAIN: the optimized, governed plan as text, with what pruning saves.
  arrow::Result<QueryPlan> PlanExplain(const policy::Principal& principal,
                                       const std::string& sql, const std::string& query_id);
  /// A result the planner computed itself, carried whole in one ticket.
  arrow::Result<QueryPlan> InlinePlan(const policy::Principal& principal,
                                      const std::string& query_id,
                                      std::shared_ptr<arrow::Table> table) const;
  /// Signs `fragment` for `principal` under `query_id`, valid for options_.ticket_ttl.
  std::string SignFragment(const policy::Principal& principal, const std::string& query_id,
                           std::string fragment) const;
  PlannedTask MakeTask(const std::string& ticket, bool repeatable_order);

  catalog::MetaStore* store_;
  const policy::AccessController* access_;
  GovernanceExecutor governance_;
  /// File listings and Parquet footers of the tables planned here; cleared by DDL.
  mutable catalog::ListingCache listings_;
  TicketSigner signer_;
  PlannerOptions options_;
  std::atomic<uint64_t> next_worker_{0};  // round-robin spread of tasks over workers
};

}  // namespace warden::planner
