#include "warden/common/flight_status.h"

#include <arrow/flight/types.h>

#include "warden/common/error.h"

namespace warden {

arrow::Status ToFlightStatus(const arrow::Status& status) {
  if (status.ok()) return status;
  using arrow::flight::FlightStatusCode;
  const ErrorCode code = ErrorCodeOf(status);
  const std::string message = FormatError(status);
  const std::string code_name(ErrorCodeName(code));
  switch (code) {
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kTicketInvalid:
    case ErrorCode::kTicketExpired:
      return arrow::flight::MakeFlightError(FlightStatusCode::Unauthenticated, message,
                                            code_name);
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kTicketForeign:
      return arrow::flight::MakeFlightError(FlightStatusCode::Unauthorized, message,
                                            code_name);
    case ErrorCode::kUnavailable:
    case ErrorCode::kAuditUnavailable:
      return arrow::flight::MakeFlightError(FlightStatusCode::Unavailable, message, code_name);
    case ErrorCode::kInternal:
      return arrow::flight::MakeFlightError(FlightStatusCode::Internal, message, code_name);
    default:
      // Keep Arrow's status code: the gRPC transport maps it (KeyError → NOT_FOUND, …).
      return arrow::Status(status.code(), message);
  }
}

}  // namespace warden
