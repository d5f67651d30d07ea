#include "warden/catalog/listing_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>
#include <parquet/metadata.h>

#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::catalog {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

void WriteParquet(const fs::path& path, int64_t rows) {
  fs::create_directories(path.parent_path());
  arrow::Int64Builder ids;
  for (int64_t i = 0; i < rows; ++i) ASSERT_TRUE(ids.Append(i).ok());
  auto table = arrow::Table::Make(arrow::schema({arrow::field("id", arrow::int64())}),
                                  {ids.Finish().ValueOrDie()});
  auto out = arrow::io::FileOutputStream::Open(path.string()).ValueOrDie();
  ASSERT_TRUE(
      parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 2).ok());
  ASSERT_TRUE(out->Close().ok());
}

class ListingCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteParquet(dir_.path() / "t" / "a.parquet", 3);
    WriteParquet(dir_.path() / "t" / "b.parquet", 5);
    WriteParquet(dir_.path() / "u" / "c.parquet", 1);
  }

  /// Options with a clock the test moves by hand.
  ListingCacheOptions ManualClock() {
    ListingCacheOptions options;
    options.now = [this] { return now_; };
    return options;
  }

  std::string Uri(const std::string& relative) { return dir_.Uri(relative); }

  warden::testing::TempDir dir_;
  std::chrono::steady_clock::time_point now_{seconds(1000)};
};

TEST_F(ListingCacheTest, SecondGetIsAHitWithFootersRead) {
  ListingCache cache(ManualClock());
  auto first = cache.Get(Uri("t"), "parquet").ValueOrDie();
  ASSERT_EQ(first->files.size(), 2u);
  EXPECT_EQ(first->location, Uri("t"));
  ASSERT_TRUE(first->files[0].parquet_metadata);
  EXPECT_EQ(first->files[0].parquet_metadata->num_rows(), 3);
  EXPECT_EQ(first->files[0].parquet_metadata->num_row_groups(), 2);  // row groups of 2
  EXPECT_TRUE(
      first->files[0].parquet_metadata->RowGroup(0)->ColumnChunk(0)->is_stats_set());
  EXPECT_EQ(first->files[1].parquet_metadata->num_rows(), 5);
  EXPECT_GT(first->files[1].info.size(), 0);

  auto second = cache.Get(Uri("t") + "/", "parquet").ValueOrDie();  // same location
  EXPECT_EQ(second, first);
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.footers_read, 2);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_GT(stats.bytes, 0);
}

TEST_F(ListingCacheTest, OtherFormatsListWithoutFooters) {
  fs::create_directories(dir_.path() / "csv");
  std::ofstream(dir_.path() / "csv" / "x.csv") << "a,b\n1,2\n";
  ListingCache cache;
  auto listing = cache.Get(Uri("csv"), "csv").ValueOrDie();
  ASSERT_EQ(listing->files.size(), 1u);
  EXPECT_FALSE(listing->files[0].parquet_metadata);
  EXPECT_EQ(cache.stats().footers_read, 0);
}

TEST_F(ListingCacheTest, ExpiresAfterTtlAndReusesUnchangedFooters) {
  auto options = ManualClock();
  options.ttl = seconds(60);
  ListingCache cache(options);
  auto first = cache.Get(Uri("t"), "parquet").ValueOrDie();

  WriteParquet(dir_.path() / "t" / "new.parquet", 7);  // added outside Warden
  now_ += seconds(59);
  EXPECT_EQ(cache.Get(Uri("t"), "parquet").ValueOrDie()->files.size(),
            2u);  // still cached

  now_ += seconds(2);
  auto refreshed = cache.Get(Uri("t"), "parquet").ValueOrDie();
  ASSERT_EQ(refreshed->files.size(), 3u);
  EXPECT_EQ(refreshed->files[2].parquet_metadata->num_rows(), 7);
  // a.parquet and b.parquet did not change: the same footer objects, not re-read.
  EXPECT_EQ(refreshed->files[0].parquet_metadata, first->files[0].parquet_metadata);
  auto stats = cache.stats();
  EXPECT_EQ(stats.misses, 2);
  EXPECT_EQ(stats.footers_read, 3);
  EXPECT_EQ(stats.footers_reused, 2);
}

TEST_F(ListingCacheTest, ChangedFilesAreReadAgainAfterExpiry) {
  ListingCache cache(ManualClock());
  auto first = cache.Get(Uri("t"), "parquet").ValueOrDie();
  WriteParquet(dir_.path() / "t" / "a.parquet", 40);  // rewritten: another size
  now_ += seconds(61);
  auto refreshed = cache.Get(Uri("t"), "parquet").ValueOrDie();
  EXPECT_EQ(refreshed->files[0].parquet_metadata->num_rows(), 40);
  EXPECT_EQ(refreshed->files[1].parquet_metadata, first->files[1].parquet_metadata);
}

TEST_F(ListingCacheTest, InvalidateDropsOverlappingLocationsOnly) {
  ListingCache cache(ManualClock());
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  ASSERT_TRUE(cache.Get(Uri("t/a.parquet"), "parquet").ok());
  ASSERT_TRUE(cache.Get(Uri("u"), "parquet").ok());
  WriteParquet(dir_.path() / "t" / "z.parquet", 1);
  WriteParquet(dir_.path() / "u" / "z.parquet", 1);

  cache.Invalidate(Uri("t") + "/");      // a DROP/CREATE/ALTER of the table at t
  EXPECT_EQ(cache.stats().entries, 1u);  // t and the file below it are gone; u stays
  EXPECT_EQ(cache.Get(Uri("t"), "parquet").ValueOrDie()->files.size(), 3u);
  EXPECT_EQ(cache.Get(Uri("u"), "parquet").ValueOrDie()->files.size(), 1u);  // cached

  cache.Invalidate(Uri(""));  // a folder above u: covers it
  EXPECT_EQ(cache.Get(Uri("u"), "parquet").ValueOrDie()->files.size(), 2u);

  // A sibling whose name merely starts the same is not below it.
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  const auto misses = cache.stats().misses;
  cache.Invalidate(Uri("t-other"));
  cache.Invalidate("not a uri");
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  EXPECT_EQ(cache.stats().misses, misses);
}

TEST_F(ListingCacheTest, LeastRecentlyUsedIsEvictedByCount) {
  auto options = ManualClock();
  options.max_entries = 2;
  ListingCache cache(options);
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  ASSERT_TRUE(cache.Get(Uri("u"), "parquet").ok());
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());            // t is now the most recent
  ASSERT_TRUE(cache.Get(Uri("t/a.parquet"), "parquet").ok());  // evicts u
  auto stats = cache.stats();
  EXPECT_EQ(stats.entries, 2u);
  EXPECT_EQ(stats.evictions, 1);
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  EXPECT_EQ(cache.stats().hits, stats.hits + 1);
  ASSERT_TRUE(cache.Get(Uri("u"), "parquet").ok());
  EXPECT_EQ(cache.stats().misses, stats.misses + 1);
}

TEST_F(ListingCacheTest, BoundedByBytes) {
  ListingCache probe;
  const int64_t one = probe.Get(Uri("t"), "parquet").ValueOrDie()->footprint_bytes;
  auto options = ManualClock();
  options.max_bytes = one + one / 2;  // room for one listing of t, not two
  ListingCache cache(options);
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  ASSERT_TRUE(cache.Get(Uri("t"), "csv").ok());  // another key, smaller (no footers)
  ASSERT_TRUE(cache.Get(Uri("u"), "parquet").ok());
  auto stats = cache.stats();
  EXPECT_LE(stats.bytes, options.max_bytes);
  EXPECT_GE(stats.evictions, 1);

  options.max_bytes = one / 2;  // a listing larger than the whole cache is not kept
  ListingCache tiny(options);
  ASSERT_TRUE(tiny.Get(Uri("t"), "parquet").ok());
  EXPECT_EQ(tiny.stats().entries, 0u);
}

TEST_F(ListingCacheTest, ErrorsAreReportedAndNotCached) {
  ListingCache cache;
  EXPECT_EQ(ErrorCodeOf(cache.Get(Uri("later"), "parquet").status()),
            ErrorCode::kStorage);
  WriteParquet(dir_.path() / "later" / "x.parquet", 2);
  EXPECT_EQ(cache.Get(Uri("later"), "parquet").ValueOrDie()->files.size(), 1u);
  EXPECT_EQ(ErrorCodeOf(cache.Get("relative/x", "parquet").status()),
            ErrorCode::kInvalidArgument);

  fs::create_directories(dir_.path() / "bad");
  std::ofstream(dir_.path() / "bad" / "x.parquet") << "not a parquet file at all";
  auto status = cache.Get(Uri("bad"), "parquet").status();
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kStorage);
  EXPECT_NE(status.message().find("x.parquet"), std::string::npos) << status.message();
}

TEST_F(ListingCacheTest, TtlZeroDisablesCaching) {
  ListingCacheOptions options;
  options.ttl = seconds(0);
  ListingCache cache(options);
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  ASSERT_TRUE(cache.Get(Uri("t"), "parquet").ok());
  EXPECT_EQ(cache.stats().misses, 2);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST_F(ListingCacheTest, ConcurrentColdGetsShareOneLoad) {
  for (int i = 0; i < 50; ++i) {
    WriteParquet(dir_.path() / "many" / ("f" + std::to_string(i) + ".parquet"), 2);
  }
  ListingCache cache;
  std::atomic<bool> go{false};
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      auto listing = cache.Get(Uri("many"), "parquet");
      if (listing.ok() && (*listing)->files.size() == 50) ++ok;
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(cache.stats().misses, 1);
  EXPECT_EQ(cache.stats().footers_read, 50);
}

TEST_F(ListingCacheTest, ConcurrentGetsAndInvalidationsStayConsistent) {
  auto options = ManualClock();
  options.max_entries = 2;  // also exercise eviction under contention
  ListingCache cache(options);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string location =
            (i + t) % 3 == 0 ? Uri("t") : (i % 2 ? Uri("u") : Uri("t/a.parquet"));
        if (t == 0 && i % 10 == 0) cache.Invalidate(Uri("t"));
        if (t == 1 && i % 50 == 0) cache.Clear();
        auto listing = cache.Get(location, "parquet");
        const size_t expected = location == Uri("t") ? 2u : 1u;
        if (!listing.ok() || (*listing)->files.size() != expected ||
            !(*listing)->files[0].parquet_metadata) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_LE(cache.stats().entries, 2u);
}

TEST_F(ListingCacheTest, GetAfterInvalidateSeesNewFiles) {
  ListingCache cache;  // real clock, default TTL: only invalidation can reveal new files
  ASSERT_EQ(cache.Get(Uri("t"), "parquet").ValueOrDie()->files.size(), 2u);
  WriteParquet(dir_.path() / "t" / "c.parquet", 1);
  EXPECT_EQ(cache.Get(Uri("t"), "parquet").ValueOrDie()->files.size(), 2u);
  cache.Invalidate(Uri("t"));
  EXPECT_EQ(cache.Get(Uri("t"), "parquet").ValueOrDie()->files.size(), 3u);
}

}  // namespace
}  // namespace warden::catalog
