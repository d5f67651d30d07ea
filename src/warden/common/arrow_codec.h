#pragma once

#include <memory>
#include <string>

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

/// Byte encodings of Arrow objects for catalogs and tickets: schemas as IPC messages and
/// expressions in Arrow's own serialization, both as base64url text.
namespace warden {

arrow::Result<std::string> EncodeSchema(const arrow::Schema& schema);
arrow::Result<std::shared_ptr<arrow::Schema>> DecodeSchema(const std::string& text);

arrow::Result<std::string> EncodeExpression(const arrow::compute::Expression& expression);
arrow::Result<arrow::compute::Expression> DecodeExpression(const std::string& text);

}  // namespace warden
