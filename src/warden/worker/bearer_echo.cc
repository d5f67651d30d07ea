#include "warden/worker/bearer_echo.h"

#include <string>

#include "warden/common/bearer_token.h"
#include "warden/worker/caller_binding.h"

namespace warden::worker {

namespace {

class BearerEcho : public arrow::flight::ServerMiddleware {
 public:
  explicit BearerEcho(std::string authorization) : authorization_(std::move(authorization)) {}

  std::string name() const override { return "warden-bearer-echo"; }
  void SendingHeaders(arrow::flight::AddCallHeaders* outgoing) override {
    outgoing->AddHeader("authorization", authorization_);
  }
  void CallCompleted(const arrow::Status&) override {}

 private:
  std::string authorization_;
};

}  // namespace

arrow::Status BearerEchoMiddlewareFactory::StartCall(
    const arrow::flight::CallInfo&, const arrow::flight::ServerCallContext& context,
    std::shared_ptr<arrow::flight::ServerMiddleware>* middleware) {
  const auto authorization = AuthorizationHeader(context);
  if (authorization && HasBearerScheme(*authorization)) {
    *middleware = std::make_shared<BearerEcho>(std::string(*authorization));
  }
  return arrow::Status::OK();
}

}  // namespace warden::worker
