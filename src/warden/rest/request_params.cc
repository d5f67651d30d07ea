#include "warden/rest/request_params.h"

#include <charconv>

#include <httplib.h>

#include "warden/common/error.h"

namespace warden::rest {

std::optional<std::string> RequestParams::Text(const std::string& name) const {
  if (!request_.has_param(name)) return std::nullopt;
  std::string value = request_.get_param_value(name);
  if (value.empty()) return std::nullopt;
  return value;
}

arrow::Result<int64_t> RequestParams::Integer(const std::string& name, int64_t fallback,
                                              int64_t min, int64_t max) const {
  auto text = Text(name);
  if (!text) return fallback;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min ||
      value > max) {
    return Error(ErrorCode::kInvalidArgument, "query parameter '" + name +
                                                  "' must be an integer from " +
                                                  std::to_string(min) + " to " +
                                                  std::to_string(max));
  }
  return value;
}

}  // namespace warden::rest
