#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "warden/catalog/model.h"

namespace warden::policy {

/// What resolving one (user, groups) reads from the store, as of one policy version: the
/// roles, the store's user attributes and the grants of the roles (ordered by id).
struct PolicySnapshot {
  int64_t version = 0;
  std::vector<std::string> roles;
  catalog::UserAttributes attributes;
  std::vector<catalog::GrantInfo> grants;
};

/// Policy snapshots by principal, each valid only for the policy version it was read at
/// (catalog::MetaStore::PolicyVersion): the caller reads the version once per statement
/// and asks for that version, so a change committed by any planner applies to the next
/// statement, with no time-bounded staleness. Bounded: cleared when it holds kMaxEntries
/// principals. Thread-safe.
class PrincipalCache {
 public:
  static constexpr size_t kMaxEntries = 4096;

  /// The key of a user and its groups (in any order, duplicates ignored).
  static std::string KeyOf(const std::string& user,
                           const std::vector<std::string>& groups);

  /// The snapshot of `key` read at `version`, or null.
  std::shared_ptr<const PolicySnapshot> Find(const std::string& key,
                                             int64_t version) const;
  /// Keeps `snapshot` for `key` unless a snapshot of a later version is already kept.
  void Put(const std::string& key, std::shared_ptr<const PolicySnapshot> snapshot);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const PolicySnapshot>>
      snapshots_;  // GUARDED_BY(mutex_)
};

}  // namespace warden::policy
