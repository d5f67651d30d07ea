#pragma once

#include <memory>

#include <arrow/flight/server_middleware.h>

namespace warden::worker {

/// Returns the caller's own "authorization: Bearer …" header on every worker response. The
/// Flight SQL JDBC driver replaces its stored token with each response's header (none →
/// none); without the echo, the first worker response would make it forget the token, and
/// its next DoGet would reach a worker that requires one without it
/// (docs/decisions/0008). Echoes only what this call sent; verifies nothing itself.
class BearerEchoMiddlewareFactory : public arrow::flight::ServerMiddlewareFactory {
 public:
  arrow::Status StartCall(const arrow::flight::CallInfo& info,
                          const arrow::flight::ServerCallContext& context,
                          std::shared_ptr<arrow::flight::ServerMiddleware>* middleware) override;
};

}  // namespace warden::worker
