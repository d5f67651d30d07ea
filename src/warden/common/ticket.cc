#include "warden/common/ticket.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {

namespace {
constexpr std::string_view kTicketPrefix = "wt1.";
}  // namespace

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

arrow::Result<TicketSigner> TicketSigner::Make(std::string key) {
  if (key.size() < 32) {
    return Error(ErrorCode::kInvalidArgument, "ticket key must be at least 32 bytes");
  }
  return TicketSigner(std::move(key));
}

std::string TicketSigner::Sign(const TicketPayload& payload) const {
  nlohmann::json body = {{"qid", payload.query_id},
                         {"user", payload.user},
                         {"exp", payload.expires_at_ms},
                         {"frag", payload.fragment}};
  std::string signed_part =
      std::string(kTicketPrefix) + crypto::Base64UrlEncode(body.dump());
  return signed_part + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key_, signed_part));
}

arrow::Result<TicketPayload> TicketSigner::Verify(const std::string& ticket,
                                                  int64_t now_ms) const {
  const auto invalid = [] { return Error(ErrorCode::kTicketInvalid, "invalid ticket"); };
  if (ticket.compare(0, kTicketPrefix.size(), kTicketPrefix) != 0) return invalid();
  const size_t dot = ticket.rfind('.');
  if (dot == std::string::npos || dot < kTicketPrefix.size()) return invalid();
  auto mac = crypto::Base64UrlDecode(std::string_view(ticket).substr(dot + 1));
  if (!mac.ok()) return invalid();
  const std::string_view signed_part = std::string_view(ticket).substr(0, dot);
  if (!crypto::ConstantTimeEquals(*mac, crypto::HmacSha256(key_, signed_part))) {
    return invalid();
  }
  // Past this point the bytes were written by a holder of the key; still parse defensively.
  auto body_text = crypto::Base64UrlDecode(signed_part.substr(kTicketPrefix.size()));
  if (!body_text.ok()) return invalid();
  auto body = nlohmann::json::parse(*body_text, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body["qid"].is_string() || !body["user"].is_string() ||
      !body["exp"].is_number_integer() || !body["frag"].is_string()) {
    return invalid();
  }
  TicketPayload payload{body["qid"].get<std::string>(), body["user"].get<std::string>(),
                        body["exp"].get<int64_t>(), body["frag"].get<std::string>()};
  if (now_ms >= payload.expires_at_ms) {
    return Error(ErrorCode::kTicketExpired, "ticket expired");
  }
  return payload;
}

}  // namespace warden
