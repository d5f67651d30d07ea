#include "warden/catalog/sql_connection.h"

#include <charconv>

namespace warden::catalog {

int64_t SqlRows::Int(size_t row, size_t column) const {
  const auto& value = rows[row][column];
  if (!value) return 0;
  int64_t out = 0;
  std::from_chars(value->data(), value->data() + value->size(), out);
  return out;
}

arrow::Status TransactionConflict(const std::string& message) {
  return arrow::Status(arrow::StatusCode::IOError, message,
                       std::make_shared<TransactionConflictDetail>());
}

bool IsTransactionConflict(const arrow::Status& status) {
  return std::dynamic_pointer_cast<TransactionConflictDetail>(status.detail()) != nullptr;
}

}  // namespace warden::catalog
