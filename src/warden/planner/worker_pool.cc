#include "warden/planner/worker_pool.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>


namespace warden::planner {

namespace flight = arrow::flight;

namespace {

/// The worker's status action (worker/worker_service.h kWorkerStatusAction; planners do not
/// depend on the worker library).
constexpr const char* kWorkerStatusAction = "warden.worker.status";

struct Heartbeat {
  bool ok = false;
  std::string refusal;  // why the worker refused the heartbeat, if it did
  bool draining = false;
  double load = 0;
  int capacity = 1;
};

/// The worker's reason when it refused the call (another ticket key: a misconfiguration
/// worth saying); empty when it could not be reached (a dead worker is not news).
std::string RefusalOf(const arrow::Status& status) {
  const auto detail = flight::FlightStatusDetail::UnwrapStatus(status);
  if (detail == nullptr || detail->code() == flight::FlightStatusCode::Unavailable ||
      detail->code() == flight::FlightStatusCode::TimedOut) {
    return "";
  }
  return status.message();
}

Heartbeat Ask(flight::FlightClient& client, std::chrono::milliseconds timeout,
              std::pair<std::string, std::string> credential) {
  Heartbeat beat;
  flight::FlightCallOptions options;
  options.timeout = flight::TimeoutDuration{std::chrono::duration<double>(timeout).count()};
  options.headers.push_back(std::move(credential));
  auto results = client.DoAction(options, flight::Action{kWorkerStatusAction, nullptr});
  auto result = results.ok() ? (*results)->Next()
                             : arrow::Result<std::unique_ptr<flight::Result>>(results.status());
  if (!result.ok()) {
    beat.refusal = RefusalOf(result.status());
    return beat;
  }
  if (*result == nullptr) return beat;
  auto status = nlohmann::json::parse((*result)->body->ToString(), nullptr, false);
  if (status.is_discarded() || !status.is_object()) return beat;
  beat.ok = true;
  beat.draining = status.value("draining", false);
  beat.capacity = std::max(1, status.value("capacity", 1));
  beat.load = static_cast<double>(status.value("active", 0) + status.value("waiting", 0)) /
              beat.capacity;
  return beat;
}

}  // namespace

WorkerPool::WorkerPool(std::vector<std::string> uris, std::chrono::milliseconds interval,
                       CredentialSource credential, int misses_allowed)
    : uris_(std::move(uris)),
      interval_(interval),
      credential_(std::move(credential)),
      misses_allowed_(misses_allowed) {
  const auto now = std::chrono::steady_clock::now();
  for (const auto& uri : uris_) states_[uri].last_seen = now;  // alive until shown otherwise
  thread_ = std::thread([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

bool WorkerPool::Alive(const State& state) const {
  return !state.draining && state.misses < misses_allowed_;
}

void WorkerPool::PollOnce() {
  for (const auto& uri : uris_) {
    // Connecting and asking happen outside the lock: a hung worker must not stall planning.
    std::unique_ptr<flight::FlightClient> client;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      client = std::move(states_[uri].client);
    }
    if (!client) {
      auto location = flight::Location::Parse(uri);
      if (location.ok()) {
        auto made = flight::FlightClient::Connect(*location);
        if (made.ok()) client = std::move(*made);
      }
    }
    Heartbeat beat;
    if (client) beat = Ask(*client, interval_, credential_());
    std::lock_guard<std::mutex> lock(mutex_);
    State& state = states_[uri];
    const bool was_alive = Alive(state);
    if (beat.ok) {
      state.misses = 0;
      state.last_seen = std::chrono::steady_clock::now();
      state.draining = beat.draining;
      state.load = beat.load;
      state.capacity = beat.capacity;
      state.client = std::move(client);
    } else {
      ++state.misses;  // drop the client: reconnect on the next heartbeat
    }
    state.assigned_since = 0;
    if (was_alive != Alive(state)) {
      if (!beat.refusal.empty()) {
        spdlog::warn("worker {} is not answering: heartbeat refused ({})", uri, beat.refusal);
      } else {
        spdlog::info("worker {} is {}", uri,
                     Alive(state) ? "alive" : (state.draining ? "leaving" : "not answering"));
      }
    }
  }
}

void WorkerPool::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    PollOnce();
    lock.lock();
    stop_cv_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

std::vector<std::string> WorkerPool::LiveWorkers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> live;
  for (const auto& uri : uris_) {
    if (Alive(states_.at(uri))) live.push_back(uri);
  }
  return live;
}

std::vector<std::string> WorkerPool::Pick(size_t count) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t rotation = rotation_++;
  std::vector<std::string> candidates;
  for (const auto& uri : uris_) {
    if (Alive(states_.at(uri))) candidates.push_back(uri);
  }
  const bool none_alive = candidates.empty();
  if (none_alive) candidates = uris_;
  if (candidates.empty()) return {};
  // Rotate first so that equal loads take turns, then order by load (stable).
  std::rotate(candidates.begin(),
              candidates.begin() + static_cast<std::ptrdiff_t>(rotation % candidates.size()),
              candidates.end());
  if (!none_alive) {
    const auto score = [&](const std::string& uri) {
      const State& state = states_.at(uri);
      return state.load + static_cast<double>(state.assigned_since) / state.capacity;
    };
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const std::string& a, const std::string& b) {
                       return score(a) < score(b);
                     });
  }
  if (candidates.size() > count) candidates.resize(count);
  states_.at(candidates.front()).assigned_since++;
  return candidates;
}

}  // namespace warden::planner
