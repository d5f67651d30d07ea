#include "warden/exec/ticket_runner.h"

#include "warden/exec/executor.h"
#include "warden/exec/fragment.h"

namespace warden::exec {

arrow::Result<TicketRun> RunTicket(const TicketSigner& signer, const std::string& ticket) {
  ARROW_ASSIGN_OR_RAISE(auto payload, signer.Verify(ticket, NowMillis()));
  ARROW_ASSIGN_OR_RAISE(auto fragment, DeserializeFragment(payload.fragment));
  ARROW_ASSIGN_OR_RAISE(auto reader, ExecuteFragment(fragment));
  return TicketRun{std::move(payload), std::move(reader)};
}

}  // namespace warden::exec
