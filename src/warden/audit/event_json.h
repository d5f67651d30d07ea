#pragma once

#include <string>
#include <string_view>

#include <arrow/result.h>

#include "warden/audit/audit_event.h"

/// The JSON forms of an audit event: the canonical form that the hash chain covers, and
/// the JSON-lines form stored in files (the canonical object plus "hash").
///
/// Canonical form: one JSON object holding every field of the event except `hash`, keys
/// in byte order, no whitespace, non-ASCII text as raw UTF-8, control characters escaped
/// as JSON requires, empty text and absent numbers as null, lists as arrays, `time` as
/// "YYYY-MM-DDTHH:MM:SS.ffffffZ". It equals Python's
/// `json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`, so
/// anyone can recompute a hash without Warden.
namespace warden::audit {

/// The canonical JSON text of `event` (without `hash`).
std::string CanonicalJson(const AuditEvent& event);

/// SHA-256 (lowercase hex) of CanonicalJson(event): the value `event.hash` must hold.
std::string ComputeEventHash(const AuditEvent& event);

/// One line of a JSON-lines audit file, '\n' included.
std::string EventToJsonLine(const AuditEvent& event);

/// Parses one line (without its '\n'). Every field must be present with its type; unknown
/// keys are refused, since the hash would not cover them (kInvalidArgument).
arrow::Result<AuditEvent> EventFromJsonLine(std::string_view line);

}  // namespace warden::audit
