#pragma once

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "warden/audit/audit_file_format.h"
#include "warden/audit/audit_location.h"
#include "warden/audit/audit_verifier.h"

namespace warden::audit::testing {

/// What a location holds, read file by file (independently of AuditLog).
struct Trail {
  std::vector<AuditEvent> events;   // every distinct event, by (chain, sequence)
  std::vector<std::string> rolled;  // rolled file paths relative to the root
  std::vector<std::string> parts;   // open segment part paths relative to the root
};

inline Trail ReadTrail(const AuditLocation& location) {
  Trail trail;
  std::map<std::pair<std::string, int64_t>, AuditEvent> events;
  auto files = location.ListFiles();
  EXPECT_TRUE(files.ok()) << files.status();
  if (!files.ok()) return trail;
  for (const auto& file : *files) {
    const std::string relative = location.Relative(file.path());
    auto name = ParseAuditPath(relative);
    if (!name) continue;
    (name->kind == AuditFileName::Kind::kRolled ? trail.rolled : trail.parts)
        .push_back(relative);
    auto decoded = ReadAuditFile(*location.filesystem(), file.path(), name->format);
    EXPECT_TRUE(decoded.ok()) << decoded.status();
    if (!decoded.ok()) continue;
    for (auto& event : decoded->events) {
      events.emplace(std::make_pair(event.chain, event.sequence), std::move(event));
    }
  }
  for (auto& [key, event] : events) trail.events.push_back(std::move(event));
  return trail;
}

/// Asserts that `verify` finds no problem and returns its report.
inline VerifyReport ExpectVerified(const AuditLocation& location,
                                   const VerifyOptions& options = {}) {
  auto report = VerifyAuditTrail(location, options);
  EXPECT_TRUE(report.ok()) << report.status();
  if (!report.ok()) return {};
  EXPECT_TRUE(report->ok()) << FormatVerifyReport(*report);
  return *report;
}

}  // namespace warden::audit::testing
