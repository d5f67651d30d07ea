#include "warden/policy/evaluation_timer.h"

#include <gtest/gtest.h>

#include <thread>

namespace warden::policy {
namespace {

using std::chrono::milliseconds;

TEST(PolicyEvaluationTimerTest, CountsOutermostSpansOnlyWhileOpen) {
  { PolicyEvaluationSpan untimed; }  // no timer open: nothing to add to, no crash
  EXPECT_EQ(PolicyEvaluationTimer::Current(), nullptr);
  PolicyEvaluationTimer timer;
  EXPECT_EQ(PolicyEvaluationTimer::Current(), &timer);
  const auto start = std::chrono::steady_clock::now();
  {
    PolicyEvaluationSpan outer;
    PolicyEvaluationSpan inner;  // GovernedView inside GovernedViewOf: counted once
    std::this_thread::sleep_for(milliseconds(20));
  }
  const auto wall = std::chrono::steady_clock::now() - start;
  const auto once = timer.elapsed();
  EXPECT_GE(once, milliseconds(20));
  EXPECT_LE(once, wall);  // twice would exceed the wall time
  std::this_thread::sleep_for(milliseconds(10));  // outside any span: not counted
  EXPECT_EQ(timer.elapsed(), once);
  {
    PolicyEvaluationTimer nested;  // the innermost timer collects
    PolicyEvaluationSpan span;
  }
  EXPECT_EQ(timer.elapsed(), once);
  EXPECT_EQ(PolicyEvaluationTimer::Current(), &timer);
}

TEST(PolicyEvaluationTimerTest, OtherThreadsDoNotCount) {
  PolicyEvaluationTimer timer;
  std::thread([] {
    PolicyEvaluationSpan span;
    std::this_thread::sleep_for(milliseconds(5));
  }).join();
  EXPECT_EQ(timer.elapsed().count(), 0);
}

}  // namespace
}  // namespace warden::policy
