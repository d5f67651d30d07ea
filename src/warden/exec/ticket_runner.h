#pragma once

#include <memory>
#include <string>

#include <arrow/record_batch.h>
#include <arrow/result.h>

#include "warden/common/ticket.h"

namespace warden::exec {

/// A verified ticket and the stream of its result.
struct TicketRun {
  TicketPayload payload;
  std::shared_ptr<arrow::RecordBatchReader> reader;
};

/// Verifies a ticket's signature and expiry and starts executing its fragment: the whole
/// of what a worker does for a DoGet (DESIGN §2.4).
arrow::Result<TicketRun> RunTicket(const TicketSigner& signer, const std::string& ticket);

}  // namespace warden::exec
