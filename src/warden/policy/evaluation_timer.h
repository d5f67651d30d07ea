#pragma once

#include <chrono>

namespace warden::policy {

/// Time spent deciding policy for one statement: resolving the principal, its governed
/// views and what it may see (AccessController's calls, each timed by a
/// PolicyEvaluationSpan). The planner opens one per statement on the thread that plans it
/// and reports the total (EXPLAIN, the query log line). Not thread-safe: one thread's
/// scope; timers nest, the innermost collects.
class PolicyEvaluationTimer {
 public:
  PolicyEvaluationTimer();
  ~PolicyEvaluationTimer();
  PolicyEvaluationTimer(const PolicyEvaluationTimer&) = delete;
  PolicyEvaluationTimer& operator=(const PolicyEvaluationTimer&) = delete;

  std::chrono::nanoseconds elapsed() const { return elapsed_; }
  /// The innermost timer open on this thread, or null.
  static PolicyEvaluationTimer* Current();

 private:
  friend class PolicyEvaluationSpan;
  PolicyEvaluationTimer* outer_;
  std::chrono::nanoseconds elapsed_{0};
};

/// Adds its lifetime to the thread's current PolicyEvaluationTimer; spans inside a span
/// (GovernedView calling GovernedViewOf) are counted once.
class PolicyEvaluationSpan {
 public:
  PolicyEvaluationSpan();
  ~PolicyEvaluationSpan();
  PolicyEvaluationSpan(const PolicyEvaluationSpan&) = delete;
  PolicyEvaluationSpan& operator=(const PolicyEvaluationSpan&) = delete;

 private:
  bool outermost_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace warden::policy
