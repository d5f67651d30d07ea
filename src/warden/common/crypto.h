#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <arrow/result.h>

/// Thin, exception-free wrappers over OpenSSL 3 for the primitives Warden uses.
/// All functions are thread-safe.
namespace warden::crypto {

/// HMAC-SHA256 of `data` under `key` (32 raw bytes).
std::string HmacSha256(std::string_view key, std::string_view data);

/// SHA-256 as lowercase hex.
std::string Sha256Hex(std::string_view data);

/// `n` bytes from the OS CSPRNG.
arrow::Result<std::string> RandomBytes(size_t n);

/// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

std::string HexEncode(std::string_view raw);
arrow::Result<std::string> HexDecode(std::string_view hex);

/// URL-safe base64 without padding (RFC 4648 §5), as used by JWT.
std::string Base64UrlEncode(std::string_view raw);
arrow::Result<std::string> Base64UrlDecode(std::string_view text);

/// Standard base64 with padding (RFC 4648 §4), as used by HTTP Basic authentication.
arrow::Result<std::string> Base64Decode(std::string_view text);

/// A self-describing PBKDF2-HMAC-SHA256 hash: "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>".
arrow::Result<std::string> HashPassword(std::string_view password,
                                        int iterations = 600000);

/// True iff `password` matches a hash made by HashPassword.
bool VerifyPassword(std::string_view password, std::string_view encoded_hash);

}  // namespace warden::crypto
