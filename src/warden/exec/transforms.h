#pragma once

#include <arrow/compute/expression.h>
#include <arrow/result.h>
#include <arrow/scalar.h>
#include <arrow/status.h>
#include <arrow/type_fwd.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "warden/exec/transform_functions.h"

/// The built-in masking transforms of GRANT … TRANSFORM col WITH fn(…) (DESIGN §4), as
/// the policy engine and the planner use them: validate a transform against a column type
/// when the GRANT is made, then turn it into an Arrow expression of the governed view.
/// The list of transforms, their arguments and examples is in docs/transforms.md.
///
/// All functions here are thread-safe.
namespace warden::exec {

/// One literal argument of a transform, e.g. the 4 of mask_last(4) or the 'month' of
/// round_date('month').
class TransformArg {
 public:
  template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) TransformArg(T value)
      : value_(static_cast<int64_t>(value)) {}                     // NOLINT implicit
  TransformArg(double value) : value_(value) {}                    // NOLINT implicit
  TransformArg(std::string value) : value_(std::move(value)) {}    // NOLINT implicit
  TransformArg(const char* value) : value_(std::string(value)) {}  // NOLINT implicit

  bool is_integer() const { return std::holds_alternative<int64_t>(value_); }
  bool is_number() const { return !is_string(); }
  bool is_string() const { return std::holds_alternative<std::string>(value_); }

  /// Requires is_integer().
  int64_t integer() const { return std::get<int64_t>(value_); }
  /// Requires is_number(); integers convert.
  double number() const {
    return is_integer() ? static_cast<double>(integer()) : std::get<double>(value_);
  }
  /// Requires is_string().
  const std::string& string() const { return std::get<std::string>(value_); }

  /// As a SQL literal: 4, 2.5, 'month'.
  std::string ToString() const;

  bool operator==(const TransformArg& other) const = default;

 private:
  std::variant<int64_t, double, std::string> value_;
};

/// The argument for a literal the GRANT parser produced: integers, floating point numbers
/// and strings; anything else is WARDEN-POLICY-INVALID-TRANSFORM.
arrow::Result<TransformArg> TransformArgFromScalar(const arrow::Scalar& scalar);

/// Names of the built-in transforms.
const std::vector<std::string>& TransformNames();

/// The call as written in a GRANT, e.g. "mask_last(4)"; for EXPLAIN ACCESS and audit.
std::string TransformToString(std::string_view name,
                              const std::vector<TransformArg>& args);

/// OK iff `name(args)` is a built-in transform (names are case-insensitive) whose
/// arguments are valid and which applies to columns of `input_type`; otherwise
/// WARDEN-POLICY-INVALID-TRANSFORM saying what is wrong. Called when a GRANT is made, so
/// reading a governed view never fails because of a transform.
arrow::Status ValidateTransform(std::string_view name,
                                const std::vector<TransformArg>& args,
                                const arrow::DataType& input_type);

/// The expression computing `name(args)` over `input`, a value of type `input_type`; it
/// validates first. Its result type is `input_type`. It calls the registered warden_*
/// functions (with options as literal arguments) or plain Arrow functions, so it survives
/// arrow::compute::Serialize/Deserialize; tokenize()'s key is not in it (see
/// SetTokenizeKey). Binding it needs InitializeArrowCompute().
arrow::Result<arrow::compute::Expression> MakeTransformExpression(
    std::string_view name, const std::vector<TransformArg>& args,
    arrow::compute::Expression input, const arrow::DataType& input_type);

}  // namespace warden::exec
