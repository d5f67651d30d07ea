#pragma once

#include <memory>
#include <optional>
#include <string>

#include <arrow/record_batch.h>
#include <arrow/result.h>

namespace warden::rest {

/// The wire formats of a query result, chosen by the request's Accept header.
enum class ResultFormat { kJson, kNdjson, kCsv, kArrowStream };

/// The format for an Accept header value (first supported media type wins; absent or
/// `*/*`: JSON). nullopt when none is supported (→ 406).
std::optional<ResultFormat> NegotiateFormat(const std::string& accept);

std::string ContentTypeOf(ResultFormat format);

/// Encodes a result incrementally: Begin, then one piece per batch, then End. Each call
/// returns bytes ready to send, so a response never holds more than one batch.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;

  static arrow::Result<std::unique_ptr<ResultWriter>> Make(
      ResultFormat format, std::shared_ptr<arrow::Schema> schema);

  virtual arrow::Result<std::string> Begin() = 0;
  virtual arrow::Result<std::string> Write(const arrow::RecordBatch& batch) = 0;
  /// `next_cursor`: where the next page starts (JSON carries it in the body; the other
  /// formats send it as a header before the body). `error`: a JSON error object when the
  /// stream failed after it started, written where the format has room for it.
  virtual arrow::Result<std::string> End(const std::optional<std::string>& next_cursor,
                                         const std::string& error_json) = 0;
};

}  // namespace warden::rest
