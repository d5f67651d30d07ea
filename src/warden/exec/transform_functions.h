#pragma once

#include <arrow/status.h>

#include <string>

/// Warden's masking transforms as Arrow compute functions (DESIGN §4). This is the kernel
/// layer: it depends on Arrow and OpenSSL only, so that InitializeArrowCompute() can
/// register the functions in every process. Policy code builds calls to these functions
/// through transforms.h, which validates arguments and types first.
namespace warden::exec {

/// Names of the registered functions. Options travel as literal arguments (scalars), not
/// FunctionOptions: Arrow serializes options only for its own internal options classes,
/// while literals survive arrow::compute::Serialize/Deserialize as they are.
inline constexpr char kNullFunction[] = "warden_null";             // (any)
inline constexpr char kZeroFunction[] = "warden_zero";             // (any)
inline constexpr char kRedactFunction[] = "warden_redact";         // (any)
inline constexpr char kMaskFunction[] = "warden_mask";             // (string)
inline constexpr char kMaskRangeFunction[] = "warden_mask_range";  // (string, start, len)
inline constexpr char kMaskLastFunction[] = "warden_mask_last";    // (string, n)
inline constexpr char kMaskCcnFunction[] = "warden_mask_ccn";      // (string)
inline constexpr char kMaskEmailFunction[] = "warden_mask_email";  // (string)
inline constexpr char kSha2Function[] = "warden_sha2";             // (string | binary)
inline constexpr char kTokenizeFunction[] = "warden_tokenize";     // (string | integer)
inline constexpr char kGeneralizeFunction[] = "warden_generalize";  // (number, n)
inline constexpr char kPhiAgeFunction[] = "warden_phi_age";         // (number)

/// The constant that redact() puts in string and binary cells.
inline constexpr char kRedactedText[] = "REDACTED";

/// Registers every warden_* function in Arrow's default function registry. Idempotent and
/// thread-safe; InitializeArrowCompute() calls it, so code that has initialized compute
/// can bind expressions that call these functions.
arrow::Status RegisterTransformFunctions();

/// Sets the process-wide secret key of tokenize(). Planners and workers set it at start
/// from their configuration: the key never travels in a ticket or an expression (tickets
/// are readable by clients), so every process that evaluates tokenize() must hold the
/// same key for tokens to match across workers. Thread-safe; an empty key unsets it, and
/// then tokenize() fails with a clear error instead of producing unkeyed tokens.
void SetTokenizeKey(std::string key);

}  // namespace warden::exec
