#include "warden/exec/transform_functions.h"

#include <arrow/compute/registry.h>

#include <mutex>

#include "warden/exec/transform_kernels_internal.h"

namespace warden::exec {
namespace {

std::mutex key_mutex;
std::shared_ptr<const std::string> tokenize_key;  // GUARDED_BY(key_mutex)

}  // namespace

namespace internal {

std::shared_ptr<const std::string> CurrentTokenizeKey() {
  std::lock_guard<std::mutex> lock(key_mutex);
  return tokenize_key;
}

}  // namespace internal

void SetTokenizeKey(std::string key) {
  auto value =
      key.empty() ? nullptr : std::make_shared<const std::string>(std::move(key));
  std::lock_guard<std::mutex> lock(key_mutex);
  tokenize_key = std::move(value);
}

arrow::Status RegisterTransformFunctions() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] {
    arrow::compute::FunctionRegistry* registry = arrow::compute::GetFunctionRegistry();
    status = internal::RegisterConstantFunctions(registry);
    if (status.ok()) status = internal::RegisterMaskFunctions(registry);
    if (status.ok()) status = internal::RegisterHashFunctions(registry);
    if (status.ok()) status = internal::RegisterNumericFunctions(registry);
  });
  return status;
}

}  // namespace warden::exec
