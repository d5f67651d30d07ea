#pragma once

#include <string>

#include "warden/audit/audit_log.h"

namespace warden::audit {

/// The log's counters in the Prometheus text format, for a service's /metrics:
/// warden_audit_events_{recorded,rejected,written,spilled,rolled}_total,
/// warden_audit_rolled_files_total, warden_audit_sink_failures_total,
/// warden_audit_bytes_written_total, and the gauges warden_audit_events_pending,
/// warden_audit_events_undelivered, warden_audit_segments_unrolled,
/// warden_audit_chain_head_sequence, warden_audit_healthy.
std::string AuditMetricsText(const AuditLogCounters& counters, bool healthy);

}  // namespace warden::audit
