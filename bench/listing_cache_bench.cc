// Planning's storage work for a table of 10,000 small Parquet files: listing the location
// and reading every footer (cold), the same from catalog::ListingCache (warm), and a TTL
// refresh that lists again but reuses unchanged footers.
//
//   ninja -C build listing_cache_bench && build/bench/listing_cache_bench
//
// WARDEN_BENCH_FILES overrides the file count (default 10000).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>

#include "warden/catalog/filesystems.h"
#include "warden/catalog/listing_cache.h"
#include "warden/catalog/storage.h"
#include "warden/common/testing/temp_dir.h"

namespace {

using warden::catalog::CachedListing;
using warden::catalog::ListingCache;
using warden::catalog::ListingCacheOptions;

int FileCount() {
  const char* text = std::getenv("WARDEN_BENCH_FILES");
  return text ? std::atoi(text) : 10000;
}

/// A folder of small Parquet files (100 rows, 3 columns, hive-style partition folders),
/// written once per process.
class Table {
 public:
  static Table& Get() {
    static Table table;
    return table;
  }
  std::string location() const { return dir_.Uri("table"); }

 private:
  Table() {
    arrow::Int64Builder ids;
    arrow::DoubleBuilder amounts;
    arrow::StringBuilder names;
    for (int i = 0; i < 100; ++i) {
      (void)ids.Append(i);
      (void)amounts.Append(i * 0.5);
      (void)names.Append("name " + std::to_string(i));
    }
    auto table =
        arrow::Table::Make(arrow::schema({arrow::field("id", arrow::int64()),
                                          arrow::field("amount", arrow::float64()),
                                          arrow::field("name", arrow::utf8())}),
                           {ids.Finish().ValueOrDie(), amounts.Finish().ValueOrDie(),
                            names.Finish().ValueOrDie()});
    const int files = FileCount();
    for (int i = 0; i < files; ++i) {
      auto folder = dir_.path() / "table" / ("part=" + std::to_string(i % 100));
      std::filesystem::create_directories(folder);
      auto out = arrow::io::FileOutputStream::Open(
                     (folder / ("f" + std::to_string(i) + ".parquet")).string())
                     .ValueOrDie();
      if (!parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 1000)
               .ok()) {
        std::abort();
      }
    }
    std::cerr << "wrote " << files << " Parquet files under " << dir_.path() << "\n";
  }
  warden::testing::TempDir dir_;
};

/// What the planner does with a listing: one task URI per file.
void MakeTaskUris(const CachedListing& listing, benchmark::State& state) {
  std::vector<std::string> uris;
  uris.reserve(listing.files.size());
  for (const auto& file : listing.files) {
    auto uri = warden::catalog::LocationUri(*listing.filesystem, file.info.path());
    if (!uri.ok()) {
      state.SkipWithError(uri.status().ToString().c_str());
      return;
    }
    uris.push_back(std::move(*uri));
  }
  benchmark::DoNotOptimize(uris);
}

std::shared_ptr<const CachedListing> GetOrFail(ListingCache& cache,
                                               const std::string& location,
                                               benchmark::State& state) {
  auto listing = cache.Get(location, "parquet");
  if (!listing.ok()) {
    state.SkipWithError(listing.status().ToString().c_str());
    return nullptr;
  }
  return *listing;
}

void BM_ListOnlyUncached(benchmark::State& state) {
  const auto location = Table::Get().location();
  for (auto _ : state) {
    auto listing = warden::catalog::ListDataFiles(location);
    if (!listing.ok()) state.SkipWithError(listing.status().ToString().c_str());
    benchmark::DoNotOptimize(listing);
  }
}

void BM_PlanCold(benchmark::State& state) {
  const auto location = Table::Get().location();
  ListingCache cache;
  for (auto _ : state) {
    cache.Clear();
    auto listing = GetOrFail(cache, location, state);
    if (!listing) break;
    MakeTaskUris(*listing, state);
  }
  state.counters["files"] = static_cast<double>(FileCount());
}

void BM_PlanWarm(benchmark::State& state) {
  const auto location = Table::Get().location();
  ListingCache cache;
  if (!GetOrFail(cache, location, state)) return;
  for (auto _ : state) {
    auto listing = GetOrFail(cache, location, state);
    if (!listing) break;
    MakeTaskUris(*listing, state);
  }
  state.counters["hits"] = static_cast<double>(cache.stats().hits);
}

void BM_CacheHitOnly(benchmark::State& state) {
  const auto location = Table::Get().location();
  ListingCache cache;
  if (!GetOrFail(cache, location, state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(GetOrFail(cache, location, state));
}

void BM_RefreshAfterTtl(benchmark::State& state) {
  const auto location = Table::Get().location();
  auto now = std::chrono::steady_clock::now();
  ListingCacheOptions options;
  options.now = [&now] { return now; };
  ListingCache cache(options);
  if (!GetOrFail(cache, location, state)) return;
  for (auto _ : state) {
    now += options.ttl + std::chrono::seconds(1);  // every Get finds the listing expired
    auto listing = GetOrFail(cache, location, state);
    if (!listing) break;
    MakeTaskUris(*listing, state);
  }
  state.counters["footers_reused"] = static_cast<double>(cache.stats().footers_reused);
  state.counters["footers_read"] = static_cast<double>(cache.stats().footers_read);
}

BENCHMARK(BM_ListOnlyUncached)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PlanCold)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_PlanWarm)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CacheHitOnly)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_RefreshAfterTtl)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  warden::catalog::FileSystemsFinalizer finalize_filesystems;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
