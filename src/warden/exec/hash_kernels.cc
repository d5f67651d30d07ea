// sha2() and tokenize(): keyless and keyed one-way functions, both deterministic, so
// equal inputs give equal outputs and joins on masked columns still match.

#include <arrow/util/hashing.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "warden/exec/code_points_internal.h"
#include "warden/exec/transform_functions.h"
#include "warden/exec/transform_kernels_internal.h"

namespace warden::exec::internal {
namespace {

using arrow::compute::ExecResult;
using arrow::compute::ExecSpan;
using arrow::compute::KernelContext;

constexpr int64_t kSha256Size = 32;
constexpr int64_t kSha256HexSize = 64;

// Algorithm objects are fetched once per process (fetching takes a global lock); the
// per-batch contexts built from them are not shared between threads.
const EVP_MD* Sha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

EVP_MAC* Hmac() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct MacContextDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;

/// SHA-256 of many short values: each hash starts from a copy of an initialized context,
/// which is cheaper than re-initializing one through the provider for every value.
class Sha256Hasher {
 public:
  static arrow::Result<Sha256Hasher> Make() {
    DigestContext initial(EVP_MD_CTX_new());
    DigestContext work(EVP_MD_CTX_new());
    if (!initial || !work || Sha256() == nullptr ||
        EVP_DigestInit_ex2(initial.get(), Sha256(), nullptr) != 1) {
      return arrow::Status::UnknownError("OpenSSL SHA-256 unavailable");
    }
    return Sha256Hasher(std::move(initial), std::move(work));
  }

  /// SHA-256 over the concatenation of `parts`; false if OpenSSL fails.
  bool Hash(std::initializer_list<std::string_view> parts, uint8_t digest[kSha256Size]) {
    if (EVP_MD_CTX_copy_ex(work_.get(), initial_.get()) != 1) return false;
    for (std::string_view part : parts) {
      if (EVP_DigestUpdate(work_.get(), part.data(), part.size()) != 1) return false;
    }
    unsigned int size = 0;
    return EVP_DigestFinal_ex(work_.get(), digest, &size) == 1;
  }

 private:
  Sha256Hasher(DigestContext initial, DigestContext work)
      : initial_(std::move(initial)), work_(std::move(work)) {}
  DigestContext initial_;
  DigestContext work_;
};

/// Writes the lower-case hex SHA-256 of `value` (kSha256HexSize bytes); false if OpenSSL
/// fails.
bool WriteSha256Hex(Sha256Hasher& hasher, std::string_view value, uint8_t* dest) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint8_t digest[kSha256Size];
  if (!hasher.Hash({value}, digest)) return false;
  for (int64_t i = 0; i < kSha256Size; ++i) {
    dest[2 * i] = kHex[digest[i] >> 4];
    dest[2 * i + 1] = kHex[digest[i] & 0x0F];
  }
  return true;
}

/// sha2() of the values of one batch. Columns that are worth masking with a hash often
/// hold few distinct values (merchants, countries, departments), each repeated many
/// times; hashing each distinct value once and copying its hex for the repeats costs a
/// hash-table probe instead of a SHA-256 per row. The memo gives up for the rest of the
/// batch as soon as the values look mostly distinct (e-mails, card numbers), so such
/// columns pay only for the first probes.
class Sha2BatchHasher {
 public:
  static arrow::Result<Sha2BatchHasher> Make(arrow::MemoryPool* pool) {
    ARROW_ASSIGN_OR_RAISE(Sha256Hasher hasher, Sha256Hasher::Make());
    return Sha2BatchHasher(std::move(hasher), pool);
  }

  /// Writes the hex SHA-256 of `value` to `dest`; the bytes written for earlier values
  /// of the same batch must stay where they were written (they are copied from there).
  bool Write(std::string_view value, uint8_t* dest) {
    if (!memo_enabled_) return WriteSha256Hex(hasher_, value, dest);
    ++values_seen_;
    int32_t index = 0;
    bool found = false;
    const arrow::Status status = memo_.GetOrInsert(
        value, [&](int32_t) { found = true; }, [](int32_t) {}, &index);
    if (!status.ok()) return false;
    if (found) {
      std::memcpy(dest, written_[index], kSha256HexSize);
      return true;
    }
    written_.push_back(dest);
    const int64_t distinct = memo_.size();
    if (distinct > kMaxMemoEntries ||
        (values_seen_ >= kMemoProbeValues && 2 * distinct > values_seen_)) {
      memo_enabled_ = false;
    }
    return WriteSha256Hex(hasher_, value, dest);
  }

 private:
  // Judged after this many values: at least every other one repeated keeps the memo.
  static constexpr int64_t kMemoProbeValues = 1024;
  // Bounds the memo's memory however the batch looks.
  static constexpr int64_t kMaxMemoEntries = 1 << 16;

  Sha2BatchHasher(Sha256Hasher hasher, arrow::MemoryPool* pool)
      : hasher_(std::move(hasher)), memo_(pool) {}

  Sha256Hasher hasher_;
  arrow::internal::BinaryMemoTable<arrow::LargeBinaryBuilder> memo_;
  std::vector<const uint8_t*> written_;  // per memo index: its first hex in the output
  int64_t values_seen_ = 0;
  bool memo_enabled_ = true;
};

template <typename Type>
arrow::Status Sha2Exec(KernelContext* ctx, const ExecSpan& batch, ExecResult* out) {
  const arrow::ArraySpan& input = batch[0].array;
  ARROW_ASSIGN_OR_RAISE(Sha2BatchHasher hasher,
                        Sha2BatchHasher::Make(ctx->memory_pool()));
  const int64_t capacity = kSha256HexSize * (input.length - input.GetNullCount());
  return MapStrings<Type>(
      ctx, input, capacity,
      [&](std::string_view value, uint8_t* dest) -> int64_t {
        return hasher.Write(value, dest) ? kSha256HexSize : -1;
      },
      out);
}

/// Matches dictionary<any index type, `value_id`>.
class DictionaryOf : public arrow::compute::TypeMatcher {
 public:
  explicit DictionaryOf(arrow::Type::type value_id) : value_id_(value_id) {}

  bool Matches(const arrow::DataType& type) const override {
    return type.id() == arrow::Type::DICTIONARY &&
           static_cast<const arrow::DictionaryType&>(type).value_type()->id() ==
               value_id_;
  }
  std::string ToString() const override {
    return "dictionary<" + arrow::internal::ToString(value_id_) + ">";
  }
  bool Equals(const arrow::compute::TypeMatcher& other) const override {
    const auto* same = dynamic_cast<const DictionaryOf*>(&other);
    return same != nullptr && same->value_id_ == value_id_;
  }

 private:
  arrow::Type::type value_id_;
};

/// sha2() of a dictionary array: each dictionary value that an index uses is hashed once,
/// and the result is a plain array of the dictionary's value type, as for plain input.
/// Without nulls (the usual case) every value is 64 bytes: the offsets are a stride and
/// no validity is tracked.
template <typename Type, typename Index>
arrow::Status Sha2Dictionary(KernelContext* ctx, const arrow::ArraySpan& input,
                             ExecResult* out) {
  using Offset = typename Type::offset_type;
  const arrow::ArraySpan& dictionary = input.dictionary();
  const Offset* dictionary_offsets = dictionary.GetValues<Offset>(1);
  const uint8_t* dictionary_data = dictionary.buffers[2].data;
  const Index* indices = input.GetValues<Index>(1);
  const bool has_nulls = input.GetNullCount() > 0 || dictionary.GetNullCount() > 0;
  const auto visible = [&](int64_t i) {  // only asked when has_nulls
    return input.IsValid(i) && dictionary.IsValid(static_cast<int64_t>(indices[i]));
  };
  int64_t valid = input.length;
  if (has_nulls) {
    valid = 0;
    for (int64_t i = 0; i < input.length; ++i) valid += visible(i);
  }
  if (valid * kSha256HexSize > std::numeric_limits<Offset>::max()) {
    return arrow::Status::CapacityError("hashed values exceed the offset range");
  }
  ARROW_ASSIGN_OR_RAISE(Sha256Hasher hasher, Sha256Hasher::Make());
  // Each dictionary entry's hex digest, written when an index first uses it.
  std::vector<uint8_t> hex(static_cast<size_t>(dictionary.length) * kSha256HexSize);
  std::vector<uint8_t> hashed(static_cast<size_t>(dictionary.length), 0);
  const auto digest_of = [&](size_t index) -> const uint8_t* {
    uint8_t* digest_hex = hex.data() + index * kSha256HexSize;
    if (!hashed[index]) {
      const std::string_view value(
          reinterpret_cast<const char*>(dictionary_data) + dictionary_offsets[index],
          static_cast<size_t>(dictionary_offsets[index + 1] - dictionary_offsets[index]));
      if (!WriteSha256Hex(hasher, value, digest_hex)) return nullptr;
      hashed[index] = 1;
    }
    return digest_hex;
  };
  ARROW_ASSIGN_OR_RAISE(auto offsets, ctx->Allocate((input.length + 1) * sizeof(Offset)));
  ARROW_ASSIGN_OR_RAISE(auto data, ctx->Allocate(valid * kSha256HexSize));
  auto* out_offsets = reinterpret_cast<Offset*>(offsets->mutable_data());
  uint8_t* out_data = data->mutable_data();
  std::shared_ptr<arrow::Buffer> validity;
  if (!has_nulls) {
    for (int64_t i = 0; i <= input.length; ++i) {
      out_offsets[i] = static_cast<Offset>(i * kSha256HexSize);
    }
    for (int64_t i = 0; i < input.length; ++i) {
      const uint8_t* digest_hex = digest_of(static_cast<size_t>(indices[i]));
      if (digest_hex == nullptr) return arrow::Status::UnknownError("OpenSSL SHA-256 failed");
      std::memcpy(out_data + i * kSha256HexSize, digest_hex, kSha256HexSize);
    }
  } else {
    ARROW_ASSIGN_OR_RAISE(validity, ctx->AllocateBitmap(input.length));
    uint8_t* out_validity = validity->mutable_data();
    Offset position = 0;
    out_offsets[0] = 0;
    for (int64_t i = 0; i < input.length; ++i) {
      const bool is_valid = visible(i);
      arrow::bit_util::SetBitTo(out_validity, i, is_valid);
      if (is_valid) {
        const uint8_t* digest_hex = digest_of(static_cast<size_t>(indices[i]));
        if (digest_hex == nullptr) {
          return arrow::Status::UnknownError("OpenSSL SHA-256 failed");
        }
        std::memcpy(out_data + position, digest_hex, kSha256HexSize);
        position += static_cast<Offset>(kSha256HexSize);
      }
      out_offsets[i + 1] = position;
    }
  }
  const int64_t null_count = input.length - valid;
  out->value = arrow::ArrayData::Make(
      static_cast<const arrow::DictionaryType&>(*input.type).value_type(), input.length,
      {null_count > 0 ? std::move(validity) : nullptr, std::move(offsets), std::move(data)},
      null_count);
  return arrow::Status::OK();
}

template <typename Type>
arrow::Status Sha2DictionaryExec(KernelContext* ctx, const ExecSpan& batch,
                                 ExecResult* out) {
  const arrow::ArraySpan& input = batch[0].array;
  switch (static_cast<const arrow::DictionaryType&>(*input.type).index_type()->id()) {
    case arrow::Type::INT8:
      return Sha2Dictionary<Type, int8_t>(ctx, input, out);
    case arrow::Type::UINT8:
      return Sha2Dictionary<Type, uint8_t>(ctx, input, out);
    case arrow::Type::INT16:
      return Sha2Dictionary<Type, int16_t>(ctx, input, out);
    case arrow::Type::UINT16:
      return Sha2Dictionary<Type, uint16_t>(ctx, input, out);
    case arrow::Type::INT32:
      return Sha2Dictionary<Type, int32_t>(ctx, input, out);
    case arrow::Type::UINT32:
      return Sha2Dictionary<Type, uint32_t>(ctx, input, out);
    case arrow::Type::INT64:
      return Sha2Dictionary<Type, int64_t>(ctx, input, out);
    case arrow::Type::UINT64:
      return Sha2Dictionary<Type, uint64_t>(ctx, input, out);
    default:
      return arrow::Status::TypeError("unsupported dictionary index type");
  }
}

/// A sha2 kernel over dictionary<*, value_id>; its output is the dictionary's value type.
arrow::compute::ScalarKernel Sha2DictionaryKernel(arrow::Type::type value_id,
                                                  arrow::compute::ArrayKernelExec exec) {
  arrow::compute::OutputType value_type(
      [](KernelContext*, const std::vector<arrow::TypeHolder>& types)
          -> arrow::Result<arrow::TypeHolder> {
        return static_cast<const arrow::DictionaryType&>(*types[0].type).value_type();
      });
  arrow::compute::ScalarKernel kernel(
      {arrow::compute::InputType(std::make_shared<DictionaryOf>(value_id))},
      std::move(value_type), exec);
  kernel.null_handling = arrow::compute::NullHandling::COMPUTED_NO_PREALLOCATE;
  kernel.mem_allocation = arrow::compute::MemAllocation::NO_PREALLOCATE;
  kernel.can_write_into_slices = false;
  return kernel;
}

/// HMAC-SHA256 under the tokenize key, reset cheaply between values (the key schedule
/// is computed once per batch).
class KeyedHash {
 public:
  static arrow::Result<KeyedHash> Make() {
    std::shared_ptr<const std::string> key = CurrentTokenizeKey();
    if (!key) {
      return arrow::Status::Invalid(
          "tokenize() needs a secret key and none is configured on this process: set the "
          "tokenize key in the planner and worker configuration");
    }
    MacContext ctx(Hmac() ? EVP_MAC_CTX_new(Hmac()) : nullptr);
    if (!ctx) return arrow::Status::UnknownError("OpenSSL HMAC unavailable");
    char digest_name[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key->data()),
                     key->size(), params) != 1) {
      return arrow::Status::UnknownError("OpenSSL HMAC init failed");
    }
    ARROW_ASSIGN_OR_RAISE(Sha256Hasher hasher, Sha256Hasher::Make());
    return KeyedHash(std::move(ctx), std::move(hasher));
  }

  /// HMAC(key, tag || value); false if OpenSSL fails.
  bool Mac(char tag, std::string_view value, uint8_t out[kSha256Size]) {
    size_t size = 0;
    return EVP_MAC_init(mac_.get(), nullptr, 0, nullptr) == 1 &&
           EVP_MAC_update(mac_.get(), reinterpret_cast<const unsigned char*>(&tag), 1) ==
               1 &&
           EVP_MAC_update(mac_.get(),
                          reinterpret_cast<const unsigned char*>(value.data()),
                          value.size()) == 1 &&
           EVP_MAC_final(mac_.get(), out, &size, kSha256Size) == 1;
  }

  Sha256Hasher& hasher() { return hasher_; }

 private:
  KeyedHash(MacContext mac, Sha256Hasher hasher)
      : mac_(std::move(mac)), hasher_(std::move(hasher)) {}
  MacContext mac_;
  Sha256Hasher hasher_;
};

/// Writes a token with the code point count and character classes of `value`: each letter
/// becomes a pseudo-random ASCII letter of the same case, each digit a digit; other code
/// points are kept. The pseudo-random bytes are HMAC(key, value), extended by hashing it
/// with a block counter for values longer than 32 characters.
int64_t TokenizeString(KeyedHash& hash, std::string_view value, uint8_t* out) {
  uint8_t stream[kSha256Size];
  uint8_t seed[kSha256Size];
  if (!hash.Mac('s', value, seed)) return -1;
  std::memcpy(stream, seed, kSha256Size);
  uint32_t block = 0;
  int64_t used = 0;
  auto next_byte = [&]() -> int {
    if (used == kSha256Size) {
      ++block;
      std::string_view seed_view(reinterpret_cast<const char*>(seed), kSha256Size);
      std::string_view block_view(reinterpret_cast<const char*>(&block), sizeof(block));
      if (!hash.hasher().Hash({seed_view, block_view}, stream)) return -1;
      used = 0;
    }
    return stream[used++];
  };

  const auto* p = reinterpret_cast<const uint8_t*>(value.data());
  const uint8_t* end = p + value.size();
  uint8_t* const out_start = out;
  while (p < end) {
    const CodePoint cp = DecodeCodePoint(p, end);
    const CharClass char_class = ClassifyCodePoint(cp.value);
    if (char_class == CharClass::kOther) {
      std::memcpy(out, p, cp.size);
      out += cp.size;
    } else {
      const int byte = next_byte();
      if (byte < 0) return -1;
      switch (char_class) {
        case CharClass::kUpper:
          *out++ = static_cast<uint8_t>('A' + byte % 26);
          break;
        case CharClass::kLower:
          *out++ = static_cast<uint8_t>('a' + byte % 26);
          break;
        default:
          *out++ = static_cast<uint8_t>('0' + byte % 10);
          break;
      }
    }
    p += cp.size;
  }
  return out - out_start;
}

template <typename Type>
arrow::Status TokenizeStringExec(KernelContext* ctx, const ExecSpan& batch,
                                 ExecResult* out) {
  ARROW_ASSIGN_OR_RAISE(KeyedHash hash, KeyedHash::Make());
  return MapStrings<Type>(
      ctx, batch[0].array, StringDataBytes<Type>(batch[0].array),
      [&](std::string_view value, uint8_t* dest) {
        return TokenizeString(hash, value, dest);
      },
      out);
}

/// An integer token of the same type and sign: HMAC(key, 64-bit value) truncated to the
/// type's width. Signed inputs keep their sign (non-negative ids stay non-negative).
template <typename Type>
arrow::Status TokenizeIntegerExec(KernelContext* ctx, const ExecSpan& batch,
                                  ExecResult* out) {
  using CType = typename Type::c_type;
  using Unsigned = std::make_unsigned_t<CType>;
  ARROW_ASSIGN_OR_RAISE(KeyedHash hash, KeyedHash::Make());
  const arrow::ArraySpan& input = batch[0].array;
  const CType* values = input.GetValues<CType>(1);
  CType* results = out->array_span_mutable()->GetValues<CType>(1);
  for (int64_t i = 0; i < input.length; ++i) {
    if (!input.IsValid(i)) {
      results[i] = 0;
      continue;
    }
    // Widen first so the same number hashes alike whatever its storage width.
    uint8_t bytes[8];
    if constexpr (std::is_signed_v<CType>) {
      const int64_t wide = values[i];
      std::memcpy(bytes, &wide, sizeof(bytes));
    } else {
      const uint64_t wide = values[i];
      std::memcpy(bytes, &wide, sizeof(bytes));
    }
    uint8_t mac[kSha256Size];
    if (!hash.Mac(std::is_signed_v<CType> ? 'i' : 'u',
                  std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)),
                  mac)) {
      return arrow::Status::UnknownError("OpenSSL HMAC failed");
    }
    Unsigned token;
    std::memcpy(&token, mac, sizeof(token));
    if constexpr (std::is_signed_v<CType>) {
      token &= static_cast<Unsigned>(std::numeric_limits<CType>::max());
      const auto magnitude = static_cast<CType>(token);
      results[i] = values[i] < 0 ? static_cast<CType>(-magnitude - 1) : magnitude;
    } else {
      results[i] = token;
    }
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Status RegisterHashFunctions(arrow::compute::FunctionRegistry* registry) {
  using arrow::compute::Arity;
  using arrow::compute::FunctionDoc;
  using arrow::compute::InputType;
  using arrow::compute::ScalarFunction;

  auto sha2 = std::make_shared<ScalarFunction>(
      kSha2Function, Arity::Unary(),
      FunctionDoc("SHA-256 of each value as lower-case hex", "", {"strings"}));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(
      StringKernel({InputType(arrow::Type::STRING)}, Sha2Exec<arrow::StringType>)));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(StringKernel({InputType(arrow::Type::LARGE_STRING)},
                                                   Sha2Exec<arrow::LargeStringType>)));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(
      StringKernel({InputType(arrow::Type::BINARY)}, Sha2Exec<arrow::BinaryType>)));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(StringKernel({InputType(arrow::Type::LARGE_BINARY)},
                                                   Sha2Exec<arrow::LargeBinaryType>)));
  // Dictionary input: a scan reads a column that the governed view only hashes as a
  // dictionary (exec/dataset.h), so that each distinct value is hashed once.
  ARROW_RETURN_NOT_OK(sha2->AddKernel(
      Sha2DictionaryKernel(arrow::Type::STRING, Sha2DictionaryExec<arrow::StringType>)));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(Sha2DictionaryKernel(
      arrow::Type::LARGE_STRING, Sha2DictionaryExec<arrow::LargeStringType>)));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(
      Sha2DictionaryKernel(arrow::Type::BINARY, Sha2DictionaryExec<arrow::BinaryType>)));
  ARROW_RETURN_NOT_OK(sha2->AddKernel(Sha2DictionaryKernel(
      arrow::Type::LARGE_BINARY, Sha2DictionaryExec<arrow::LargeBinaryType>)));
  ARROW_RETURN_NOT_OK(registry->AddFunction(std::move(sha2)));

  auto tokenize = std::make_shared<ScalarFunction>(
      kTokenizeFunction, Arity::Unary(),
      FunctionDoc("Keyed, format-preserving token of each value", "", {"values"}));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(StringKernel(
      {InputType(arrow::Type::STRING)}, TokenizeStringExec<arrow::StringType>)));
  ARROW_RETURN_NOT_OK(
      tokenize->AddKernel(StringKernel({InputType(arrow::Type::LARGE_STRING)},
                                       TokenizeStringExec<arrow::LargeStringType>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::INT8)}, TokenizeIntegerExec<arrow::Int8Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::INT16)}, TokenizeIntegerExec<arrow::Int16Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::INT32)}, TokenizeIntegerExec<arrow::Int32Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::INT64)}, TokenizeIntegerExec<arrow::Int64Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::UINT8)}, TokenizeIntegerExec<arrow::UInt8Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::UINT16)}, TokenizeIntegerExec<arrow::UInt16Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::UINT32)}, TokenizeIntegerExec<arrow::UInt32Type>)));
  ARROW_RETURN_NOT_OK(tokenize->AddKernel(FixedWidthKernel(
      {InputType(arrow::Type::UINT64)}, TokenizeIntegerExec<arrow::UInt64Type>)));
  return registry->AddFunction(std::move(tokenize));
}

}  // namespace warden::exec::internal
