#include "warden/planner/authenticator.h"

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::planner {

namespace {

arrow::Status Refuse() {
  return Error(ErrorCode::kUnauthenticated, "invalid user name or password");
}

/// A hash of a password nobody knows, checked for unknown users so that the time taken
/// does not reveal which user names exist.
const std::string& DecoyHash() {
  static const std::string hash = crypto::HashPassword("decoy").ValueOr("");
  return hash;
}

bool StartsWithIgnoreCase(const std::string& text, const std::string& prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

arrow::Result<std::string> Authenticator::Login(const std::string& user,
                                                const std::string& password) const {
  ARROW_ASSIGN_OR_RAISE(auto record, store_->GetUser(user));
  if (!record) {
    crypto::VerifyPassword(password, DecoyHash());
    return Refuse();
  }
  if (!crypto::VerifyPassword(password, record->password_hash)) return Refuse();
  // The store's groups ride in the token so GRANT ROLE … TO GROUP reaches local users.
  ARROW_ASSIGN_OR_RAISE(auto groups, store_->GetUserGroups(user));
  return codec_.Issue(user, groups, token_ttl_);
}

arrow::Result<std::string> Authenticator::LoginBasic(const std::string& header_value) const {
  if (!StartsWithIgnoreCase(header_value, "basic ")) return Refuse();
  // Go's Flight client (the ADBC driver) sends unpadded base64: restore the padding.
  std::string encoded = header_value.substr(6);
  while (encoded.size() % 4 != 0) encoded += '=';
  auto decoded = crypto::Base64Decode(encoded);
  if (!decoded.ok()) return Refuse();
  const size_t colon = decoded->find(':');
  if (colon == std::string::npos) return Refuse();
  return Login(decoded->substr(0, colon), decoded->substr(colon + 1));
}

arrow::Result<TokenClaims> Authenticator::VerifyBearer(const std::string& header_value) const {
  return codec_.VerifyHeader(header_value, NowSeconds());
}

}  // namespace warden::planner
