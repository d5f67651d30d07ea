#pragma once

// Helpers for the governance parser's tests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>

#include "warden/common/error.h"
#include "warden/sql/governance.h"

namespace warden::sql::testing {

/// Parses `sql` as statement type T; a parse error or another statement type fails the test
/// (and returns a default T).
template <typename T>
T MustParse(std::string_view sql) {
  auto result = ParseGovernance(sql);
  if (!result.ok()) {
    ADD_FAILURE() << sql << ": " << result.status().ToString();
    return T{};
  }
  if (!std::holds_alternative<T>(*result)) {
    ADD_FAILURE() << sql << ": parsed as alternative " << result->index();
    return T{};
  }
  return std::get<T>(*result);
}

/// `sql` must be refused with `code` and a message containing `fragment`.
inline void ExpectError(std::string_view sql, ErrorCode code, const std::string& fragment) {
  auto result = ParseGovernance(sql);
  ASSERT_FALSE(result.ok()) << sql << " parsed";
  EXPECT_EQ(ErrorCodeOf(result.status()), code) << sql << ": " << result.status().ToString();
  EXPECT_NE(result.status().message().find(fragment), std::string::npos)
      << sql << ": message \"" << result.status().message() << "\" lacks \"" << fragment
      << "\"";
}

}  // namespace warden::sql::testing
