#pragma once

#include <arrow/status.h>

namespace warden {

/// Turns a Warden status into one for the Flight transport: the message becomes
/// "WARDEN-CODE: message", authentication failures become Flight UNAUTHENTICATED and
/// permission failures UNAUTHORIZED; the code also travels as the Flight extra info.
arrow::Status ToFlightStatus(const arrow::Status& status);

}  // namespace warden
