#include "warden/policy/evaluation_timer.h"

namespace warden::policy {

namespace {
thread_local PolicyEvaluationTimer* current_timer = nullptr;
thread_local int span_depth = 0;
}  // namespace

PolicyEvaluationTimer::PolicyEvaluationTimer() : outer_(current_timer) {
  current_timer = this;
}

PolicyEvaluationTimer::~PolicyEvaluationTimer() { current_timer = outer_; }

PolicyEvaluationTimer* PolicyEvaluationTimer::Current() { return current_timer; }

PolicyEvaluationSpan::PolicyEvaluationSpan()
    : outermost_(span_depth++ == 0 && current_timer != nullptr) {
  if (outermost_) start_ = std::chrono::steady_clock::now();
}

PolicyEvaluationSpan::~PolicyEvaluationSpan() {
  --span_depth;
  if (outermost_ && current_timer != nullptr) {
    current_timer->elapsed_ += std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now() - start_);
  }
}

}  // namespace warden::policy
