#pragma once

#include <arrow/status.h>

#include "warden/audit/audit_file_format.h"
#include "warden/audit/audit_location.h"
#include "warden/catalog/meta_store.h"
#include "warden/planner/planner.h"
#include "warden/policy/access_controller.h"

namespace warden::planner {

/// `warden_system.audit_logs`: the audit trail as a dataset (DESIGN §3, §7), an external
/// table over the sink's rolled files partitioned by `date`. Governed like any other:
/// only warden_admin sees it until a grant names it.
inline constexpr const char* kSystemDatabase = "warden_system";
inline constexpr const char* kAuditLogsTable = "audit_logs";

/// Registers warden_system.audit_logs over `location` (re-pointed when the location or
/// format changed since the last start) and the report views, created with `definer`'s
/// rights (an admin) when missing:
///   audit_requests_by_user_day  statements per user and day, with refusals and failures
///   audit_reads_by_user_day     queries, tasks, rows and bytes served per user and day
///   audit_refusals              every refused or failed request
arrow::Status RegisterAuditDataset(catalog::MetaStore* store, Planner* planner,
                                   const policy::Principal& definer,
                                   const audit::AuditLocation& location,
                                   audit::AuditFileFormat format);

}  // namespace warden::planner
