#include "warden/worker/service_credential.h"

#include <nlohmann/json.hpp>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::worker {

namespace {
constexpr std::string_view kPrefix = "wsc1.";
constexpr std::string_view kAudience = "warden.worker";
// Domain separation: the ticket key itself never signs a credential.
constexpr std::string_view kKeyLabel = "warden worker service credential v1";
}  // namespace

arrow::Result<ServiceCredential> ServiceCredential::Make(const std::string& ticket_key) {
  if (ticket_key.size() < 32) {
    return Error(ErrorCode::kInvalidArgument, "ticket key must be at least 32 bytes");
  }
  return ServiceCredential(crypto::HmacSha256(ticket_key, kKeyLabel));
}

std::string ServiceCredential::Issue(int64_t now_ms) const {
  const nlohmann::json body = {
      {"aud", kAudience},
      {"exp", now_ms + std::chrono::milliseconds(kServiceCredentialTtl).count()}};
  const std::string signed_part = std::string(kPrefix) + crypto::Base64UrlEncode(body.dump());
  return signed_part + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key_, signed_part));
}

arrow::Status ServiceCredential::Verify(std::optional<std::string_view> credential,
                                        int64_t now_ms) const {
  if (!credential.has_value() || credential->empty()) {
    return Error(ErrorCode::kUnauthenticated, "a planner's service credential is required");
  }
  const auto invalid = [] {
    return Error(ErrorCode::kUnauthenticated, "invalid service credential");
  };
  const std::string_view text = *credential;
  if (text.substr(0, kPrefix.size()) != kPrefix) return invalid();
  const size_t dot = text.rfind('.');
  if (dot == std::string_view::npos || dot < kPrefix.size()) return invalid();
  auto mac = crypto::Base64UrlDecode(text.substr(dot + 1));
  if (!mac.ok()) return invalid();
  const std::string_view signed_part = text.substr(0, dot);
  if (!crypto::ConstantTimeEquals(*mac, crypto::HmacSha256(key_, signed_part))) {
    return invalid();
  }
  auto body_text = crypto::Base64UrlDecode(signed_part.substr(kPrefix.size()));
  if (!body_text.ok()) return invalid();
  const auto body = nlohmann::json::parse(*body_text, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("aud") || body["aud"] != kAudience ||
      !body.contains("exp") || !body["exp"].is_number_integer()) {
    return invalid();
  }
  if (now_ms >= body["exp"].get<int64_t>()) {
    return Error(ErrorCode::kUnauthenticated, "service credential expired");
  }
  return arrow::Status::OK();
}

}  // namespace warden::worker
