#include "warden/common/compute_init.h"

#include <mutex>

#include <arrow/compute/initialize.h>

#include "warden/common/error.h"

namespace warden {

arrow::Status InitializeArrowCompute() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] { status = arrow::compute::Initialize(); });
  if (!status.ok()) {
    return Error(ErrorCode::kInternal, "cannot initialize Arrow compute: " + status.message());
  }
  return arrow::Status::OK();
}

}  // namespace warden
