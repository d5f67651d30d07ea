#include "warden/policy/principal_cache.h"

#include <set>

namespace warden::policy {

std::string PrincipalCache::KeyOf(const std::string& user,
                                  const std::vector<std::string>& groups) {
  // Length-prefixed parts: no name can make two different principals share a key.
  std::string key = std::to_string(user.size()) + ":" + user;
  for (const auto& group : std::set<std::string>(groups.begin(), groups.end())) {
    key += std::to_string(group.size()) + ":" + group;
  }
  return key;
}

std::shared_ptr<const PolicySnapshot> PrincipalCache::Find(const std::string& key,
                                                           int64_t version) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = snapshots_.find(key);
  if (it == snapshots_.end() || it->second->version != version) return nullptr;
  return it->second;
}

void PrincipalCache::Put(const std::string& key,
                         std::shared_ptr<const PolicySnapshot> snapshot) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = snapshots_.find(key);
  if (it != snapshots_.end()) {
    if (it->second->version <= snapshot->version) it->second = std::move(snapshot);
    return;
  }
  if (snapshots_.size() >= kMaxEntries) snapshots_.clear();
  snapshots_.emplace(key, std::move(snapshot));
}

}  // namespace warden::policy
