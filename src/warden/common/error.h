#pragma once

#include <string>
#include <string_view>

#include <arrow/status.h>

namespace warden {

/// Stable error codes; their spelling (`WARDEN-…`) is part of every client interface.
/// User errors (bad input, no privilege) are kept apart from internal errors (a bug).
enum class ErrorCode {
  kUnauthenticated,       // no, bad or expired credentials
  kPermissionDenied,      // authenticated, but not allowed
  kTicketInvalid,         // tampered, foreign-key or malformed ticket
  kTicketExpired,         // a valid ticket past its expiry
  kTicketForeign,         // a valid ticket redeemed by another user than it was issued to
  kSqlSyntax,             // the text does not parse
  kSqlUnsupported,        // parses, but Warden does not support the construct yet
  kSqlBind,               // names or types do not resolve (column not found, type mismatch)
  kInvalidName,           // an identifier breaks the naming rules (too long, control chars)
  kCatalogNotFound,       // database or dataset absent (or invisible: indistinguishable)
  kCatalogAlreadyExists,  // object already exists
  kCatalogNotEmpty,       // DROP DATABASE without CASCADE on a database with datasets
  kPolicyInvalidTransform,  // unknown transform, bad arguments, or unfit for the column type
  kStorage,               // files unreadable, location missing, format mismatch
  kStorageSchemeUnavailable,  // a known location scheme this build's Arrow cannot open
  kInvalidArgument,       // malformed request outside SQL (flags, JSON bodies, descriptors)
  kUnavailable,           // no worker or store reachable
  kQueryFailed,           // a query failed while running (division by zero, bad cast, ...)
  kMemoryLimit,           // a query needed more memory than its limit
  kAuditUnavailable,      // the audit sink cannot make an event durable: refuse, don't serve
  kInternal,              // a bug: never the user's fault
};

/// The stable text of a code, e.g. "WARDEN-CATALOG-NOT-FOUND".
std::string_view ErrorCodeName(ErrorCode code);

/// True for errors caused by the caller's input or rights, false for internal faults.
bool IsUserError(ErrorCode code);

/// Carries a Warden error code inside an arrow::Status.
class WardenErrorDetail : public arrow::StatusDetail {
 public:
  explicit WardenErrorDetail(ErrorCode code) : code_(code) {}
  const char* type_id() const override { return "warden::WardenErrorDetail"; }
  std::string ToString() const override { return std::string(ErrorCodeName(code_)); }
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

/// Builds an arrow::Status of the matching StatusCode carrying `code` as its detail.
arrow::Status Error(ErrorCode code, std::string message);

/// The Warden code of a status; statuses without one (e.g. from Arrow) map to kStorage for
/// IOError and kInternal otherwise.
ErrorCode ErrorCodeOf(const arrow::Status& status);

/// "WARDEN-CODE: message" — the one-line form shown to users by every client.
std::string FormatError(const arrow::Status& status);

}  // namespace warden
