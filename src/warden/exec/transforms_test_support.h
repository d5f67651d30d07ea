#pragma once

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/compute/expression.h>
#include <arrow/json/from_string.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "warden/common/compute_init.h"
#include "warden/exec/transforms.h"

/// Test helpers: apply a transform the way a worker does (build the expression, send it
/// through Serialize/Deserialize as a ticket would, bind, execute) and compare with JSON.
namespace warden::exec::testing {

inline std::shared_ptr<arrow::Array> ArrayFromJson(
    const std::shared_ptr<arrow::DataType>& type, const std::string& json) {
  auto array = arrow::json::ArrayFromJSONString(type, json);
  EXPECT_TRUE(array.ok()) << array.status().ToString();
  return array.ValueOrDie();
}

/// `name(args)` over `input`, after a Serialize/Deserialize round trip of the expression.
inline arrow::Result<std::shared_ptr<arrow::Array>> ApplyTransform(
    const std::string& name, const std::vector<TransformArg>& args,
    const std::shared_ptr<arrow::Array>& input) {
  namespace cp = arrow::compute;
  ARROW_RETURN_NOT_OK(InitializeArrowCompute());
  ARROW_ASSIGN_OR_RAISE(
      cp::Expression expression,
      MakeTransformExpression(name, args, cp::field_ref("c"), *input->type()));
  ARROW_ASSIGN_OR_RAISE(auto serialized, cp::Serialize(expression));
  ARROW_ASSIGN_OR_RAISE(cp::Expression received, cp::Deserialize(serialized));
  if (!received.Equals(expression)) {
    return arrow::Status::Invalid("round trip changed ", expression.ToString(), " into ",
                                  received.ToString());
  }
  auto schema = arrow::schema({arrow::field("c", input->type())});
  ARROW_ASSIGN_OR_RAISE(received, received.Bind(*schema));
  if (!received.type()->Equals(*input->type())) {
    return arrow::Status::Invalid("result type ", received.type()->ToString(),
                                  " differs from input type ", input->type()->ToString());
  }
  auto batch = arrow::RecordBatch::Make(schema, input->length(), {input});
  ARROW_ASSIGN_OR_RAISE(arrow::Datum result,
                        cp::ExecuteScalarExpression(received, cp::ExecBatch(*batch)));
  if (!result.is_array()) return arrow::Status::Invalid("result is not an array");
  auto array = result.make_array();
  ARROW_RETURN_NOT_OK(array->ValidateFull());
  return array;
}

/// The result of a transform that must succeed.
inline std::shared_ptr<arrow::Array> Transformed(
    const std::string& name, const std::vector<TransformArg>& args,
    const std::shared_ptr<arrow::Array>& input) {
  auto result = ApplyTransform(name, args, input);
  EXPECT_TRUE(result.ok()) << TransformToString(name, args) << ": "
                           << result.status().ToString();
  return result.ok() ? *result : nullptr;
}

/// Checks `name(args)` maps `input_json` to `expected_json` (both of `type`).
inline void ExpectTransform(const std::string& name,
                            const std::vector<TransformArg>& args,
                            const std::shared_ptr<arrow::DataType>& type,
                            const std::string& input_json,
                            const std::string& expected_json) {
  SCOPED_TRACE(TransformToString(name, args) + " on " + type->ToString() + " " +
               input_json);
  auto actual = Transformed(name, args, ArrayFromJson(type, input_json));
  ASSERT_NE(actual, nullptr);
  auto expected = ArrayFromJson(type, expected_json);
  EXPECT_TRUE(actual->Equals(*expected))
      << "expected " << expected->ToString() << "\nactual " << actual->ToString();
}

}  // namespace warden::exec::testing
