#pragma once

#include <memory>

#include <arrow/record_batch.h>
#include <arrow/result.h>

#include "warden/exec/fragment.h"

namespace warden::exec {

/// Runs a fragment and streams its result. Batches carry exactly the fragment's output
/// schema. The reader may be consumed from another thread than the caller's; closing it
/// early stops the scan.
arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ExecuteFragment(
    const Fragment& fragment);

}  // namespace warden::exec
