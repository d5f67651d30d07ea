#include "warden/planner/prepared_statements.h"

#include <cctype>
#include <cmath>

#include <arrow/scalar.h>
#include <arrow/type.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::planner {

namespace {

arrow::Status UnknownHandle() {
  return Error(ErrorCode::kInvalidArgument,
               "unknown or closed prepared statement handle");
}

std::string QuoteString(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

/// The SQL literal of one parameter value (always typed, so that the binder sees the type
/// the client bound, never a reinterpretation of text).
arrow::Result<std::string> SqlLiteral(const arrow::Scalar& value) {
  if (!value.is_valid) return std::string("NULL");
  switch (value.type->id()) {
    case arrow::Type::BOOL:
      return std::string(static_cast<const arrow::BooleanScalar&>(value).value ? "TRUE"
                                                                               : "FALSE");
    case arrow::Type::INT8:
    case arrow::Type::INT16:
    case arrow::Type::INT32:
    case arrow::Type::INT64:
    case arrow::Type::UINT8:
    case arrow::Type::UINT16:
    case arrow::Type::UINT32:
    case arrow::Type::UINT64:
    case arrow::Type::DECIMAL128:
    case arrow::Type::DECIMAL256:
      return value.ToString();
    case arrow::Type::FLOAT:
    case arrow::Type::DOUBLE: {
      const double number = value.type->id() == arrow::Type::FLOAT
                                ? static_cast<const arrow::FloatScalar&>(value).value
                                : static_cast<const arrow::DoubleScalar&>(value).value;
      if (!std::isfinite(number)) {
        return Error(ErrorCode::kInvalidArgument,
                     "a parameter is not a finite number (NaN and infinity cannot be bound)");
      }
      return "CAST(" + value.ToString() + " AS DOUBLE PRECISION)";
    }
    case arrow::Type::STRING:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::STRING_VIEW:
      return QuoteString(value.ToString());
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
      return "CAST(" + QuoteString(value.ToString()) + " AS DATE)";
    case arrow::Type::TIMESTAMP:
      return "CAST(" + QuoteString(value.ToString()) + " AS TIMESTAMP)";
    default:
      return Error(ErrorCode::kInvalidArgument,
                   "parameters of type " + value.type->ToString() + " cannot be bound");
  }
}

/// Calls `on_placeholder(position, length, number)` for each placeholder of `sql` outside
/// quotes and comments; `number` is the 1-based parameter (for `?`, the next one).
template <typename Callback>
void ForEachPlaceholder(const std::string& sql, Callback&& on_placeholder) {
  int next_question_mark = 0;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // literal or quoted identifier; doubled quote escapes
      size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      i = j + 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      i = end == std::string::npos ? sql.size() : end + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else if (c == '?') {
      on_placeholder(i, 1, ++next_question_mark);
      ++i;
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      size_t j = i + 1;
      int number = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) &&
             number < 100000) {
        number = number * 10 + (sql[j] - '0');
        ++j;
      }
      on_placeholder(i, j - i, number);
      i = j;
    } else {
      ++i;
    }
  }
}

}  // namespace

int CountPlaceholders(const std::string& sql) {
  int count = 0;
  ForEachPlaceholder(sql, [&](size_t, size_t, int number) { count = std::max(count, number); });
  return count;
}

arrow::Result<std::string> BindPlaceholders(const std::string& sql,
                                            const arrow::RecordBatch* parameters,
                                            int64_t row) {
  std::string out;
  size_t copied = 0;
  arrow::Status status;
  ForEachPlaceholder(sql, [&](size_t position, size_t length, int number) {
    if (!status.ok()) return;
    out.append(sql, copied, position - copied);
    copied = position + length;
    if (parameters == nullptr) {
      out += "NULL";
      return;
    }
    if (number < 1 || number > parameters->num_columns() || row >= parameters->num_rows()) {
      status = Error(ErrorCode::kInvalidArgument,
                     "parameter " + std::to_string(number) + " is not bound");
      return;
    }
    auto scalar = parameters->column(number - 1)->GetScalar(row);
    if (!scalar.ok()) {
      status = scalar.status();
      return;
    }
    auto literal = SqlLiteral(**scalar);
    if (!literal.ok()) {
      status = literal.status();
      return;
    }
    out += *literal;
  });
  ARROW_RETURN_NOT_OK(status);
  out.append(sql, copied, std::string::npos);
  return out;
}

void PreparedStatementRegistry::ExpireIdle(std::chrono::steady_clock::time_point now) {
  for (auto it = statements_.begin(); it != statements_.end();) {
    it = now - it->second.last_used > idle_ttl_ ? statements_.erase(it) : std::next(it);
  }
}

arrow::Result<std::string> PreparedStatementRegistry::Create(const std::string& user,
                                                             std::string sql) {
  ARROW_ASSIGN_OR_RAISE(auto bytes, crypto::RandomBytes(16));
  std::string handle = crypto::HexEncode(bytes);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  ExpireIdle(now);
  if (statements_.size() >= max_statements_) {
    return Error(ErrorCode::kUnavailable,
                 "too many open prepared statements on this planner; close some");
  }
  statements_[handle] = Entry{PreparedStatement{user, std::move(sql), nullptr}, now};
  return handle;
}

arrow::Result<PreparedStatementRegistry::Entry*> PreparedStatementRegistry::Find(
    const std::string& user, const std::string& handle) {
  auto it = statements_.find(handle);
  if (it == statements_.end() || it->second.statement.user != user) return UnknownHandle();
  it->second.last_used = std::chrono::steady_clock::now();
  return &it->second;
}

arrow::Result<PreparedStatement> PreparedStatementRegistry::Get(const std::string& user,
                                                                const std::string& handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(Entry * entry, Find(user, handle));
  return entry->statement;
}

arrow::Status PreparedStatementRegistry::Bind(const std::string& user,
                                              const std::string& handle,
                                              std::shared_ptr<arrow::RecordBatch> parameters) {
  std::lock_guard<std::mutex> lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(Entry * entry, Find(user, handle));
  entry->statement.parameters = std::move(parameters);
  return arrow::Status::OK();
}

arrow::Status PreparedStatementRegistry::Close(const std::string& user,
                                               const std::string& handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  ARROW_RETURN_NOT_OK(Find(user, handle).status());
  statements_.erase(handle);
  return arrow::Status::OK();
}

}  // namespace warden::planner
