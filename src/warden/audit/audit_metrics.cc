#include "warden/audit/audit_metrics.h"

#include <sstream>

namespace warden::audit {

std::string AuditMetricsText(const AuditLogCounters& c, bool healthy) {
  std::ostringstream out;
  const auto metric = [&](const char* name, const char* type, const char* help,
                          int64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
        << name << " " << value << "\n";
  };
  metric("warden_audit_events_recorded_total", "counter", "Audit events accepted.",
         c.recorded);
  metric("warden_audit_events_rejected_total", "counter",
         "Audit events refused (buffer full, log closed, invalid).", c.rejected);
  metric("warden_audit_events_pending", "gauge", "Audit events not yet durable.",
         c.pending);
  metric("warden_audit_events_written_total", "counter",
         "Audit events made durable in the sink.", c.written);
  metric("warden_audit_events_spilled_total", "counter",
         "Audit events written to the spill folder.", c.spilled);
  metric("warden_audit_events_undelivered", "gauge",
         "Audit events durable only in the spill folder.", c.undelivered);
  metric("warden_audit_events_rolled_total", "counter",
         "Audit events written into rolled dataset files.", c.rolled);
  metric("warden_audit_rolled_files_total", "counter", "Audit dataset files written.",
         c.rolled_files);
  metric("warden_audit_pieces_total", "counter",
         "Early dataset files of open segments (replaced when the segment rolls).",
         c.pieces);
  metric("warden_audit_segments_unrolled", "gauge",
         "Durable audit segments waiting to be rolled into dataset files.",
         c.unrolled_segments);
  metric("warden_audit_sink_failures_total", "counter",
         "Failed writes to the audit sink.", c.sink_failures);
  metric("warden_audit_bytes_written_total", "counter",
         "Bytes written by the audit log (open segments, spill and rolled files).",
         c.bytes_written);
  metric("warden_audit_batches_total", "counter",
         "Batches made durable (one write and one sync each, shared by group commit).",
         c.batches);
  metric("warden_audit_preallocated_bytes_total", "counter",
         "Zero bytes written ahead into local open segment parts (so that each batch's "
         "sync flushes data only).",
         c.preallocated_bytes);
  metric("warden_audit_chain_head_sequence", "gauge",
         "Sequence of the newest durable audit event of this writer's chain.",
         c.head_sequence);
  metric("warden_audit_healthy", "gauge",
         "1 while the audit log can make events durable.", healthy ? 1 : 0);
  return out.str();
}

}  // namespace warden::audit
