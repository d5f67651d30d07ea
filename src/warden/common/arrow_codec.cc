#include "warden/common/arrow_codec.h"

#include <arrow/buffer.h>
#include <arrow/io/memory.h>
#include <arrow/ipc/reader.h>
#include <arrow/ipc/writer.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {

arrow::Result<std::string> EncodeSchema(const arrow::Schema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::ipc::SerializeSchema(schema));
  return crypto::Base64UrlEncode(std::string_view(*buffer));
}

arrow::Result<std::shared_ptr<arrow::Schema>> DecodeSchema(const std::string& text) {
  ARROW_ASSIGN_OR_RAISE(auto bytes, crypto::Base64UrlDecode(text));
  arrow::io::BufferReader reader(arrow::Buffer::FromString(std::move(bytes)));
  auto schema = arrow::ipc::ReadSchema(&reader, /*dictionary_memo=*/nullptr);
  if (!schema.ok()) return Error(ErrorCode::kInternal, "undecodable schema");
  return schema;
}

arrow::Result<std::string> EncodeExpression(const arrow::compute::Expression& expression) {
  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::compute::Serialize(expression));
  return crypto::Base64UrlEncode(std::string_view(*buffer));
}

arrow::Result<arrow::compute::Expression> DecodeExpression(const std::string& text) {
  ARROW_ASSIGN_OR_RAISE(auto bytes, crypto::Base64UrlDecode(text));
  auto expression = arrow::compute::Deserialize(arrow::Buffer::FromString(std::move(bytes)));
  if (!expression.ok()) return Error(ErrorCode::kInternal, "undecodable expression");
  return expression;
}

}  // namespace warden
