#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arrow/flight/client.h>

namespace warden::planner {

/// The planner's view of its workers, kept fresh by a heartbeat: every `interval` it asks
/// each worker for its status (the worker's "warden.worker.status" action: tasks running,
/// waiting, capacity, draining). A worker that misses `misses_allowed` heartbeats in a row,
/// or is draining for shutdown, is not listed for new tasks until it answers again; the
/// live ones are listed least loaded first. Every heartbeat carries a fresh service
/// credential, without which workers refuse it (docs/decisions/0009). Thread-safe.
class WorkerPool {
 public:
  /// The call header (name, value) that proves a heartbeat comes from a planner; called
  /// for every heartbeat, from the heartbeat thread.
  using CredentialSource = std::function<std::pair<std::string, std::string>()>;

  WorkerPool(std::vector<std::string> uris, std::chrono::milliseconds interval,
             CredentialSource credential, int misses_allowed = 3);
  ~WorkerPool();  // stops the heartbeat thread

  /// Up to `count` workers for one task, least loaded first (the first is where the client
  /// starts). With no worker known to be alive, every worker, in rotation: the client
  /// finds out itself rather than the query failing on stale news.
  std::vector<std::string> Pick(size_t count);

  /// Polls every worker once now (tests, and the first plan after start).
  void PollOnce();

  /// Workers currently considered alive.
  std::vector<std::string> LiveWorkers() const;

 private:
  struct State {
    std::unique_ptr<arrow::flight::FlightClient> client;
    std::chrono::steady_clock::time_point last_seen;
    int misses = 0;
    bool draining = false;
    double load = 0;         // (running + waiting) / capacity at the last heartbeat
    int capacity = 1;
    int assigned_since = 0;  // tasks listed first here since the last heartbeat
  };
  bool Alive(const State& state) const;
  void Run();

  const std::vector<std::string> uris_;
  const std::chrono::milliseconds interval_;
  const CredentialSource credential_;
  const int misses_allowed_;
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;               // GUARDED_BY(mutex_)
  std::map<std::string, State> states_;  // GUARDED_BY(mutex_) (clients used by Run only)
  uint64_t rotation_ = 0;               // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace warden::planner
