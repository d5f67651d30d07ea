#pragma once

#include <optional>
#include <string>

#include <arrow/result.h>

namespace httplib {
struct Request;
}

namespace warden::rest {

/// Typed access to a request's query parameters; malformed values are the caller's error
/// (kInvalidArgument, naming the parameter).
class RequestParams {
 public:
  explicit RequestParams(const httplib::Request& request) : request_(request) {}

  /// The parameter's value, or nullopt when absent or empty.
  std::optional<std::string> Text(const std::string& name) const;

  /// An integer in [min, max], or `fallback` when absent.
  arrow::Result<int64_t> Integer(const std::string& name, int64_t fallback, int64_t min,
                                 int64_t max) const;

 private:
  const httplib::Request& request_;
};

}  // namespace warden::rest
