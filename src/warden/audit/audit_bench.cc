// Throughput of AuditLog::Record / RecordDurable for 10,000 small events, and the bytes
// the log writes per event (write amplification), on local disk:
//
//   ninja -C build audit_bench && build/bin/audit_bench [--benchmark_filter=Durable]
//
// Counters: events/s (wall clock, until every event is durable); written_B/event = all
// bytes written (open-segment JSON lines + the rolled file); stored_B/event = the rolled
// dataset file alone, i.e. what stays on disk.
#include <filesystem>
#include <thread>

#include <benchmark/benchmark.h>

#include "warden/audit/audit_log.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

constexpr int kEvents = 10'000;

AuditEvent SmallEvent(int i) {
  AuditEvent e;
  e.kind = EventKind::kPlan;
  e.request_id = "q" + std::to_string(i);
  e.service = "planner";
  e.instance = "planner-0";
  e.user = "ann";
  e.groups = {"analysts"};
  e.roles = {"analyst"};
  e.client_address = "10.0.0.7:53211";
  e.statement = "SELECT id, amount FROM sales.orders WHERE id = " + std::to_string(i);
  e.datasets = {"sales.orders"};
  e.columns = {"sales.orders.id", "sales.orders.amount"};
  e.rows = 1;
  e.bytes = 16;
  e.duration_us = 900;
  return e;
}

int64_t RolledBytes(const std::filesystem::path& root) {
  int64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() &&
        entry.path().string().find("/date=") != std::string::npos) {
      total += static_cast<int64_t>(entry.file_size());
    }
  }
  return total;
}

/// Runs `write(log, first, count)` on `threads` threads for kEvents events in all.
template <typename Write>
void Run(benchmark::State& state, int threads, Write write) {
  const auto format = static_cast<AuditFileFormat>(state.range(0));
  int64_t written = 0, stored = 0;
  for (auto _ : state) {
    state.PauseTiming();
    warden::testing::TempDir dir;
    AuditLogOptions options;
    options.location = (dir.path() / "audit").string();
    options.chain_id = "bench";
    options.format = format;
    options.roll_interval = std::chrono::hours(1);
    options.roll_bytes = 64 << 20;
    auto log = AuditLog::Open(options);
    if (!log.ok()) {
      state.SkipWithError(log.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();
    std::vector<std::thread> workers;
    const int per_thread = kEvents / threads;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] { write(**log, t * per_thread, per_thread); });
    }
    for (auto& worker : workers) worker.join();
    if (!(*log)->Flush().ok()) state.SkipWithError("flush failed");
    state.PauseTiming();
    if (!(*log)->Close().ok()) state.SkipWithError("close failed");
    written = (*log)->counters().bytes_written;
    stored = RolledBytes(dir.path() / "audit");
    log->reset();
    state.ResumeTiming();
  }
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(kEvents) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["written_B/event"] = static_cast<double>(written) / kEvents;
  state.counters["stored_B/event"] = static_cast<double>(stored) / kEvents;
  state.SetLabel(std::string(FormatName(format)));
}

void BM_Record(benchmark::State& state) {
  Run(state, 1, [&](AuditLog& log, int first, int count) {
    for (int i = first; i < first + count; ++i) {
      if (!log.Record(SmallEvent(i)).ok()) state.SkipWithError("record failed");
    }
  });
}

void BM_RecordDurable(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(1));
  Run(state, threads, [&](AuditLog& log, int first, int count) {
    for (int i = first; i < first + count; ++i) {
      if (!log.RecordDurable(SmallEvent(i)).ok()) state.SkipWithError("record failed");
    }
  });
}

constexpr int64_t kParquet = static_cast<int64_t>(AuditFileFormat::kParquet);
constexpr int64_t kJsonLines = static_cast<int64_t>(AuditFileFormat::kJsonLines);

BENCHMARK(BM_Record)
    ->ArgNames({"format"})
    ->Args({kParquet})
    ->Args({kJsonLines})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK(BM_RecordDurable)
    ->ArgNames({"format", "threads"})
    ->Args({kParquet, 1})
    ->Args({kParquet, 16})
    ->Args({kJsonLines, 1})
    ->Args({kJsonLines, 16})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace warden::audit

BENCHMARK_MAIN();
