#pragma once

#include <arrow/status.h>

namespace warden {

/// Registers Arrow's compute kernels once per process (Arrow 26 no longer does it
/// implicitly). Thread-safe and cheap after the first call; every entry point that may
/// evaluate an Arrow expression calls it.
arrow::Status InitializeArrowCompute();

}  // namespace warden
