#pragma once

#include <memory>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "warden/audit/audit_event.h"

/// Audit events as Arrow data: the schema of `warden_system.audit_logs` and conversions.
namespace warden::audit {

/// The schema of every audit file, in this column order. Column names equal the JSON
/// keys. Text is utf8 (NULL when empty), lists are list<utf8>, `time` is timestamp[us,
/// UTC]. The `date` column of the dataset comes from the Hive partition folder, not the
/// files.
const std::shared_ptr<arrow::Schema>& AuditSchema();

/// One record batch holding `events` in order.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> EventsToRecordBatch(
    const std::vector<AuditEvent>& events);

/// Reads the events of a table with AuditSchema()'s columns (extra columns, such as a
/// partition column, are ignored; a missing or mistyped column is kInvalidArgument).
arrow::Result<std::vector<AuditEvent>> EventsFromTable(const arrow::Table& table);

}  // namespace warden::audit
