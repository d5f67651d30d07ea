#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <arrow/filesystem/filesystem.h>
#include <arrow/result.h>

namespace parquet {
class FileMetaData;
}

/// A cache of what planning reads from storage for a table: the file listing of its
/// location and, for Parquet, each file's footer (row groups, row counts, statistics).
namespace warden::catalog {

/// One data file of a cached listing.
struct CachedFile {
  arrow::fs::FileInfo info;  ///< path, size, modification time
  /// The Parquet footer, for row-group splitting and pruning; null for other formats.
  std::shared_ptr<parquet::FileMetaData> parquet_metadata;
};

/// The data files of one location as they were when loaded. Immutable once shared.
struct CachedListing {
  std::string location;  ///< canonical URI (LocationUri of the resolved location)
  std::string format;
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::vector<CachedFile> files;  ///< sorted by path, hidden and marker files skipped
  std::chrono::steady_clock::time_point loaded_at;
  int64_t footprint_bytes = 0;  ///< approximate memory held by this entry
};

struct ListingCacheOptions {
  /// How long a listing is trusted: files added or removed outside Warden show up after
  /// at most this long. Zero disables caching (every Get lists again).
  std::chrono::milliseconds ttl = std::chrono::seconds(60);
  /// LRU bounds: least recently used listings are dropped beyond either.
  size_t max_entries = 1024;
  int64_t max_bytes = int64_t{256} << 20;
  /// The clock for TTLs (tests replace it).
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
};

/// Counters for metrics and tests.
struct ListingCacheStats {
  int64_t hits = 0;
  int64_t misses = 0;          ///< loads started (absent, expired or invalidated)
  int64_t footers_read = 0;    ///< Parquet footers read from storage
  int64_t footers_reused = 0;  ///< footers carried over from an expired listing
  int64_t evictions = 0;       ///< entries dropped by the LRU bounds
  size_t entries = 0;
  int64_t bytes = 0;
};

/// Listings and Parquet footers by (location, format), bounded (LRU by entries and
/// bytes), expiring after a TTL, and invalidated explicitly by DDL.
///
/// Thread-safe: all methods may be called concurrently. Concurrent Gets of the same
/// uncached location share one load. A Get that starts after Invalidate(location) has
/// returned never sees a listing loaded before it. When an expired listing is reloaded,
/// footers of files whose path, size and modification time are unchanged are reused, so
/// a TTL refresh costs one listing, not one read per file.
class ListingCache {
 public:
  explicit ListingCache(ListingCacheOptions options = {});

  /// The listing of `location` for `format` (footers read when format is "parquet"),
  /// from the cache when fresh. Errors as ListDataFiles; a corrupt Parquet footer is a
  /// kStorage error naming the file. Errors are not cached.
  arrow::Result<std::shared_ptr<const CachedListing>> Get(const std::string& location,
                                                          const std::string& format);

  /// Drops every listing whose location overlaps `location` (the same, a folder below it
  /// or a folder above it), in every format. Call after DDL that creates, drops, alters
  /// or recovers partitions of a table at `location`, or when files there changed.
  void Invalidate(const std::string& location);

  /// Drops everything.
  void Clear();

  ListingCacheStats stats() const;

 private:
  using Key = std::pair<std::string, std::string>;  // canonical location, format
  using LoadResult = arrow::Result<std::shared_ptr<const CachedListing>>;

  struct Entry {
    std::shared_ptr<const CachedListing> listing;
    std::list<Key>::iterator lru;  // position in lru_
  };
  struct Load {
    std::promise<LoadResult> promise;
    std::shared_future<LoadResult> done = promise.get_future().share();
  };

  LoadResult LoadListing(const std::string& canonical, const std::string& location,
                         const std::string& format,
                         std::shared_ptr<const CachedListing> previous);
  void Insert(const Key& key,
              std::shared_ptr<const CachedListing> listing);  // mutex held
  void Erase(std::map<Key, Entry>::iterator it);              // mutex held

  const ListingCacheOptions options_;
  mutable std::mutex mutex_;
  std::map<Key, Entry> entries_;  // GUARDED_BY(mutex_)
  std::list<Key> lru_;            // GUARDED_BY(mutex_); front = most recent
  std::map<Key, std::shared_ptr<Load>> loading_;  // GUARDED_BY(mutex_)
  uint64_t invalidations_ = 0;                    // GUARDED_BY(mutex_)
  ListingCacheStats stats_;                       // GUARDED_BY(mutex_)
};

}  // namespace warden::catalog
