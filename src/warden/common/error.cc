#include "warden/common/error.h"

namespace warden {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnauthenticated: return "WARDEN-AUTH-UNAUTHENTICATED";
    case ErrorCode::kPermissionDenied: return "WARDEN-AUTH-PERMISSION-DENIED";
    case ErrorCode::kTicketInvalid: return "WARDEN-TICKET-INVALID";
    case ErrorCode::kTicketExpired: return "WARDEN-TICKET-EXPIRED";
    case ErrorCode::kTicketForeign: return "WARDEN-TICKET-FOREIGN";
    case ErrorCode::kSqlSyntax: return "WARDEN-SQL-SYNTAX";
    case ErrorCode::kSqlUnsupported: return "WARDEN-SQL-UNSUPPORTED";
    case ErrorCode::kSqlBind: return "WARDEN-SQL-BIND";
    case ErrorCode::kInvalidName: return "WARDEN-SQL-INVALID-NAME";
    case ErrorCode::kCatalogNotFound: return "WARDEN-CATALOG-NOT-FOUND";
    case ErrorCode::kCatalogAlreadyExists: return "WARDEN-CATALOG-ALREADY-EXISTS";
    case ErrorCode::kCatalogNotEmpty: return "WARDEN-CATALOG-NOT-EMPTY";
    case ErrorCode::kPolicyInvalidTransform: return "WARDEN-POLICY-INVALID-TRANSFORM";
    case ErrorCode::kStorage: return "WARDEN-STORAGE-ERROR";
    case ErrorCode::kStorageSchemeUnavailable: return "WARDEN-STORAGE-SCHEME-UNAVAILABLE";
    case ErrorCode::kInvalidArgument: return "WARDEN-INVALID-ARGUMENT";
    case ErrorCode::kUnavailable: return "WARDEN-UNAVAILABLE";
    case ErrorCode::kQueryFailed: return "WARDEN-QUERY-FAILED";
    case ErrorCode::kMemoryLimit: return "WARDEN-QUERY-MEMORY-LIMIT";
    case ErrorCode::kAuditUnavailable: return "WARDEN-AUDIT-UNAVAILABLE";
    case ErrorCode::kInternal: return "WARDEN-INTERNAL";
  }
  return "WARDEN-INTERNAL";
}

bool IsUserError(ErrorCode code) {
  return code != ErrorCode::kInternal && code != ErrorCode::kUnavailable &&
         code != ErrorCode::kStorage && code != ErrorCode::kAuditUnavailable;
}

static arrow::StatusCode ArrowCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kTicketInvalid:
    case ErrorCode::kTicketExpired:
    case ErrorCode::kTicketForeign:
    case ErrorCode::kSqlSyntax:
    case ErrorCode::kSqlBind:
    case ErrorCode::kInvalidName:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kPolicyInvalidTransform:
      return arrow::StatusCode::Invalid;
    case ErrorCode::kSqlUnsupported: return arrow::StatusCode::NotImplemented;
    case ErrorCode::kCatalogNotFound: return arrow::StatusCode::KeyError;
    // Arrow's gRPC transport has no mapping for AlreadyExists (it becomes UNKNOWN).
    case ErrorCode::kCatalogAlreadyExists: return arrow::StatusCode::Invalid;
    case ErrorCode::kCatalogNotEmpty: return arrow::StatusCode::Invalid;
    case ErrorCode::kStorage: return arrow::StatusCode::IOError;
    case ErrorCode::kStorageSchemeUnavailable: return arrow::StatusCode::NotImplemented;
    case ErrorCode::kUnavailable: return arrow::StatusCode::IOError;
    case ErrorCode::kQueryFailed: return arrow::StatusCode::Invalid;
    case ErrorCode::kMemoryLimit: return arrow::StatusCode::OutOfMemory;
    case ErrorCode::kAuditUnavailable: return arrow::StatusCode::IOError;
    case ErrorCode::kInternal: return arrow::StatusCode::UnknownError;
  }
  return arrow::StatusCode::UnknownError;
}

arrow::Status Error(ErrorCode code, std::string message) {
  return arrow::Status(ArrowCodeFor(code), std::move(message),
                       std::make_shared<WardenErrorDetail>(code));
}

ErrorCode ErrorCodeOf(const arrow::Status& status) {
  if (auto detail = std::dynamic_pointer_cast<WardenErrorDetail>(status.detail())) {
    return detail->code();
  }
  if (status.IsIOError()) return ErrorCode::kStorage;
  return ErrorCode::kInternal;
}

std::string FormatError(const arrow::Status& status) {
  return std::string(ErrorCodeName(ErrorCodeOf(status))) + ": " + status.message();
}

}  // namespace warden
