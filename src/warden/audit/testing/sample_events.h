#pragma once

#include <string>

#include "warden/audit/audit_event.h"

namespace warden::audit::testing {

/// A plan event with every field set, distinct per `i`, at a fixed time unless given.
inline AuditEvent SampleEvent(int i, int64_t time_us = 1'795'342'272'123'456) {
  AuditEvent e;
  e.event_id = "event-" + std::to_string(i);
  e.time_us = time_us;
  e.kind = i % 3 == 0 ? EventKind::kRefusal : EventKind::kPlan;
  e.status = i % 3 == 0 ? EventStatus::kRefused : EventStatus::kOk;
  e.request_id = "q" + std::to_string(i);
  e.session_id = "s1";
  e.service = "planner";
  e.instance = "planner-0:12050";
  e.user = "ann";
  e.groups = {"analysts", "emea"};
  e.roles = {"analyst"};
  e.client_address = "10.0.0.7:53211";
  e.application = "pytest";
  e.statement = "SELECT email FROM sales.customers WHERE id = " + std::to_string(i);
  e.datasets = {"sales.customers"};
  e.columns = {"sales.customers.email", "sales.customers.id"};
  e.grants = {"grant 3 (role analyst)"};
  e.transforms = {"sales.customers.email: mask_email()"};
  e.row_filter = "region = 'EMEA'";
  if (i % 3 != 0) {
    e.rows = i;
    e.bytes = 100 * i;
    if (i % 3 == 2) e.tasks = i;  // some plans carry a task count, some do not
  } else {
    e.error_code = "WARDEN-AUTH-PERMISSION-DENIED";
    e.error_message = "no privilege on sales.customers";
  }
  e.duration_us = 1500 + i;
  return e;
}

}  // namespace warden::audit::testing
