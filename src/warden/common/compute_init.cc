#include "warden/common/compute_init.h"

#include <mutex>

#include <arrow/compute/initialize.h>

#include "warden/common/error.h"
#include "warden/exec/sql_functions.h"
#include "warden/exec/transform_functions.h"

namespace warden {

arrow::Status InitializeArrowCompute() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] {
    status = arrow::compute::Initialize();
    // Warden's masking functions, so that any process can bind a governed plan that calls
    // them (the kernel library depends on Arrow and OpenSSL only).
    if (status.ok()) status = exec::RegisterTransformFunctions();
    // Kernels for SQL functions Arrow lacks (split_part, lpad/rpad, make_date, months).
    if (status.ok()) status = exec::RegisterSqlFunctions();
  });
  if (!status.ok()) {
    return Error(ErrorCode::kInternal, "cannot initialize Arrow compute: " + status.message());
  }
  return arrow::Status::OK();
}

}  // namespace warden
