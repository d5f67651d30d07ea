#include "warden/common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>

#include "warden/common/error.h"

namespace warden::crypto {

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &out_len);
  return std::string(reinterpret_cast<char*>(out), out_len);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return HexEncode(std::string_view(reinterpret_cast<char*>(out), sizeof(out)));
}

arrow::Result<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return Error(ErrorCode::kInternal, "the OS random generator failed");
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HexEncode(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

arrow::Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return Error(ErrorCode::kInvalidArgument, "odd-length hex");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return Error(ErrorCode::kInvalidArgument, "invalid hex digit");
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

static constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view raw) {
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = buffer << 8 | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kBase64Url[(buffer >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kBase64Url[(buffer << (6 - bits)) & 63]);
  return out;
}

arrow::Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const char* pos = c == '\0' ? nullptr : std::char_traits<char>::find(kBase64Url, 64, c);
    if (pos == nullptr) return Error(ErrorCode::kInvalidArgument, "invalid base64url text");
    buffer = buffer << 6 | static_cast<uint32_t>(pos - kBase64Url);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero padding, or the text was not produced by an encoder.
  if (bits >= 6 || (buffer & ((1u << bits) - 1)) != 0) {
    return Error(ErrorCode::kInvalidArgument, "invalid base64url length");
  }
  return out;
}

arrow::Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Error(ErrorCode::kInvalidArgument, "invalid base64 text");
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  std::string url(text.substr(0, text.size() - padding));
  for (char& c : url) {
    if (c == '+') {
      c = '-';
    } else if (c == '/') {
      c = '_';
    } else if (c == '-' || c == '_') {
      return Error(ErrorCode::kInvalidArgument, "invalid base64 text");
    }
  }
  return Base64UrlDecode(url);
}

static std::string Pbkdf2(std::string_view password, std::string_view salt, int iterations) {
  std::string out(32, '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(),
                    static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

arrow::Result<std::string> HashPassword(std::string_view password, int iterations) {
  ARROW_ASSIGN_OR_RAISE(auto salt, RandomBytes(16));
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + HexEncode(salt) + "$" +
         HexEncode(Pbkdf2(password, salt, iterations));
}

bool VerifyPassword(std::string_view password, std::string_view encoded_hash) {
  constexpr std::string_view kPrefix = "pbkdf2-sha256$";
  if (encoded_hash.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view rest = encoded_hash.substr(kPrefix.size());
  size_t d1 = rest.find('$');
  if (d1 == std::string_view::npos) return false;
  size_t d2 = rest.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  int iterations = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + d1, iterations);
  if (ec != std::errc() || ptr != rest.data() + d1 || iterations < 1 || iterations > 10000000) {
    return false;
  }
  auto salt = HexDecode(rest.substr(d1 + 1, d2 - d1 - 1));
  auto expected = HexDecode(rest.substr(d2 + 1));
  if (!salt.ok() || !expected.ok()) return false;
  return ConstantTimeEquals(Pbkdf2(password, *salt, iterations), *expected);
}

}  // namespace warden::crypto
