#include "warden/catalog/listing_cache.h"

#include <exception>
#include <unordered_map>

#include <arrow/io/interfaces.h>
#include <arrow/util/thread_pool.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>

#include "warden/catalog/filesystems.h"
#include "warden/catalog/storage.h"
#include "warden/common/error.h"

namespace warden::catalog {

namespace {

/// Decoded Thrift footers take a few times their serialized size in memory.
constexpr int64_t kFooterMemoryFactor = 3;
constexpr int64_t kPerFileOverhead = sizeof(CachedFile) + 64;

std::string WithoutTrailingSlash(std::string uri) {
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  return uri;
}

/// True when one location is the other or lies below it (whole path segments only).
bool Overlaps(const std::string& a, const std::string& b) {
  const std::string x = WithoutTrailingSlash(a), y = WithoutTrailingSlash(b);
  if (x == y) return true;
  const auto below = [](const std::string& child, const std::string& parent) {
    return child.size() > parent.size() && child.compare(0, parent.size(), parent) == 0 &&
           child[parent.size()] == '/';
  };
  return below(x, y) || below(y, x);
}

/// The location as the cache spells it, so that "s3://b/p/" and "s3://b/p" are one key.
arrow::Result<std::string> CanonicalLocation(const std::string& location) {
  ARROW_ASSIGN_OR_RAISE(auto resolved, ResolveFileSystem(location));
  return LocationUri(*resolved.filesystem, resolved.path);
}

arrow::Result<std::shared_ptr<parquet::FileMetaData>> ReadFooter(
    const std::shared_ptr<arrow::fs::FileSystem>& filesystem,
    const arrow::fs::FileInfo& info) {
  const auto fail = [&](const std::string& why) {
    return Error(ErrorCode::kStorage,
                 "cannot read the Parquet footer of '" +
                     LocationUri(*filesystem, info.path()).ValueOr(info.path()) +
                     "': " + why);
  };
  auto file = filesystem->OpenInputFile(info);  // the known size saves a HEAD request
  if (!file.ok()) return fail(file.status().message());
  try {
    auto metadata = parquet::ReadMetaData(*file);
    (void)(*file)->Close();
    return metadata;
  } catch (const std::exception& error) {  // parquet reports corrupt files by throwing
    return fail(error.what());
  }
}

}  // namespace

ListingCache::ListingCache(ListingCacheOptions options) : options_(std::move(options)) {}

arrow::Result<std::shared_ptr<const CachedListing>> ListingCache::Get(
    const std::string& location, const std::string& format) {
  ARROW_ASSIGN_OR_RAISE(auto canonical, CanonicalLocation(location));
  const Key key{canonical, format};
  std::shared_ptr<Load> load;
  std::shared_ptr<const CachedListing> previous;
  bool loader = false;
  uint64_t invalidations_at_start = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto found = entries_.find(key); found != entries_.end()) {
      const auto& listing = found->second.listing;
      if (options_.now() - listing->loaded_at < options_.ttl) {
        ++stats_.hits;
        lru_.splice(lru_.begin(), lru_, found->second.lru);
        return listing;
      }
      previous = listing;  // expired: its footers may still be good
    }
    if (auto pending = loading_.find(key); pending != loading_.end()) {
      load = pending->second;
    } else {
      load = std::make_shared<Load>();
      loading_.emplace(key, load);
      loader = true;
      invalidations_at_start = invalidations_;
      ++stats_.misses;
    }
  }
  if (!loader) return load->done.get();  // another thread is listing this location

  LoadResult result = LoadListing(canonical, location, format, std::move(previous));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto pending = loading_.find(key);
        pending != loading_.end() && pending->second == load) {
      loading_.erase(pending);
    }
    // An Invalidate during the load may have been about files this load missed.
    if (result.ok() && invalidations_ == invalidations_at_start &&
        options_.ttl.count() > 0) {
      Insert(key, *result);
    }
  }
  load->promise.set_value(result);
  return result;
}

ListingCache::LoadResult ListingCache::LoadListing(
    const std::string& canonical, const std::string& location, const std::string& format,
    std::shared_ptr<const CachedListing> previous) {
  ARROW_ASSIGN_OR_RAISE(auto listing, ListDataFiles(location));
  auto loaded = std::make_shared<CachedListing>();
  loaded->location = canonical;
  loaded->format = format;
  loaded->filesystem = listing.filesystem;
  loaded->loaded_at = options_.now();
  loaded->files.reserve(listing.files.size());
  for (auto& info : listing.files) loaded->files.push_back({std::move(info), nullptr});

  int64_t reused = 0;
  std::vector<size_t> to_read;
  if (format == "parquet") {
    std::unordered_map<std::string, const CachedFile*> known;
    if (previous) {
      for (const auto& file : previous->files) known.emplace(file.info.path(), &file);
    }
    for (size_t i = 0; i < loaded->files.size(); ++i) {
      auto& file = loaded->files[i];
      auto found = known.find(file.info.path());
      if (found != known.end() && found->second->parquet_metadata &&
          found->second->info.size() == file.info.size() &&
          found->second->info.mtime() == file.info.mtime()) {
        file.parquet_metadata = found->second->parquet_metadata;
        ++reused;
      } else {
        to_read.push_back(i);
      }
    }
    // Footers are small reads dominated by latency (object stores): read them in
    // parallel.
    auto* executor = arrow::io::default_io_context().executor();
    std::vector<arrow::Future<std::shared_ptr<parquet::FileMetaData>>> reads;
    reads.reserve(to_read.size());
    for (size_t index : to_read) {
      ARROW_ASSIGN_OR_RAISE(auto read,
                            executor->Submit([filesystem = loaded->filesystem,
                                              info = loaded->files[index].info] {
                              return ReadFooter(filesystem, info);
                            }));
      reads.push_back(std::move(read));
    }
    arrow::Status first_error;
    for (size_t i = 0; i < reads.size(); ++i) {
      const auto& footer = reads[i].result();  // waits
      if (!footer.ok()) {
        if (first_error.ok()) first_error = footer.status();
        continue;
      }
      loaded->files[to_read[i]].parquet_metadata = *footer;
    }
    ARROW_RETURN_NOT_OK(first_error);
  }

  int64_t bytes = sizeof(CachedListing) + static_cast<int64_t>(canonical.size());
  for (const auto& file : loaded->files) {
    bytes += kPerFileOverhead + static_cast<int64_t>(file.info.path().size());
    if (file.parquet_metadata) {
      bytes += kFooterMemoryFactor * static_cast<int64_t>(file.parquet_metadata->size());
    }
  }
  loaded->footprint_bytes = bytes;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.footers_read += static_cast<int64_t>(to_read.size());
    stats_.footers_reused += reused;
  }
  return loaded;
}

void ListingCache::Insert(const Key& key, std::shared_ptr<const CachedListing> listing) {
  if (auto existing = entries_.find(key); existing != entries_.end()) Erase(existing);
  if (listing->footprint_bytes > options_.max_bytes) return;  // would evict everything
  lru_.push_front(key);
  stats_.bytes += listing->footprint_bytes;
  entries_.emplace(key, Entry{std::move(listing), lru_.begin()});
  while (!lru_.empty() &&
         (entries_.size() > options_.max_entries || stats_.bytes > options_.max_bytes)) {
    Erase(entries_.find(lru_.back()));
    ++stats_.evictions;
  }
}

void ListingCache::Erase(std::map<Key, Entry>::iterator it) {
  stats_.bytes -= it->second.listing->footprint_bytes;
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

void ListingCache::Invalidate(const std::string& location) {
  // A location that no longer resolves is compared as written.
  const std::string canonical = CanonicalLocation(location).ValueOr(location);
  std::lock_guard<std::mutex> lock(mutex_);
  ++invalidations_;
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (Overlaps(it->first.first, canonical)) Erase(it);
    it = next;
  }
  // Loads in flight finish for their waiters but are not cached; later Gets load anew.
  for (auto it = loading_.begin(); it != loading_.end();) {
    it = Overlaps(it->first.first, canonical) ? loading_.erase(it) : std::next(it);
  }
}

void ListingCache::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++invalidations_;
  entries_.clear();
  lru_.clear();
  loading_.clear();
  stats_.bytes = 0;
}

ListingCacheStats ListingCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  ListingCacheStats stats = stats_;
  stats.entries = entries_.size();
  return stats;
}

}  // namespace warden::catalog
