// `warden audit verify LOCATION` checks an audit trail's hash chains.
// `warden audit emit-test-events` (hidden) writes acknowledged events for crash tests and
// benchmarks: it prints "ack <event_id>" after each RecordDurable returned OK.
#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>

#include "warden/audit/audit_log.h"
#include "warden/audit/audit_verifier.h"
#include "warden/cli/commands.h"
#include "warden/cli/object_storage_flags.h"
#include "warden/common/error.h"

namespace warden::cli {

namespace {

struct VerifyCommandOptions {
  std::string location;
  ObjectStorageFlags object_storage;
  audit::VerifyOptions verify;
};

/// 0: verified; 1: a problem was found; 2: the location could not be read.
int RunVerify(const VerifyCommandOptions& options) {
  if (auto configured = ApplyObjectStorageFlags(options.object_storage); !configured.ok()) {
    std::cerr << "warden audit verify: " << FormatError(configured) << std::endl;
    return 2;
  }
  auto report = audit::VerifyAuditTrail(options.location, options.verify);
  if (!report.ok()) {
    std::cerr << "warden audit verify: " << FormatError(report.status()) << std::endl;
    return 2;
  }
  std::cout << audit::FormatVerifyReport(*report) << std::flush;
  return report->ok() ? 0 : 1;
}

struct EmitOptions {
  std::string location;
  std::string chain = "emit-test";
  std::string format = "parquet";
  std::string policy = "refuse";
  std::string spill_dir;
  std::string prefix = "t";  // event ids are "<prefix><thread>-<i>"
  int count = 100;
  int threads = 1;
  bool hold = false;
  ObjectStorageFlags object_storage;
};

std::string TestEventId(const std::string& prefix, int thread, int i) {
  return prefix + std::to_string(thread) + "-" + std::to_string(i);
}

audit::AuditEvent TestEvent(const std::string& id, int i) {
  audit::AuditEvent event;
  event.event_id = id;
  event.kind = audit::EventKind::kPlan;
  event.request_id = "q-" + event.event_id;
  event.service = "emit-test-events";
  event.user = "crash-test";
  event.groups = {"testers"};
  event.statement = "SELECT id FROM db.t WHERE n = " + std::to_string(i);
  event.datasets = {"db.t"};
  event.columns = {"db.t.id", "db.t.n"};
  event.rows = i;
  event.bytes = 8 * i;
  return event;
}

int RunEmit(const EmitOptions& options) {
  if (auto configured = ApplyObjectStorageFlags(options.object_storage); !configured.ok()) {
    std::cerr << "warden audit: " << FormatError(configured) << std::endl;
    return 2;
  }
  audit::AuditLogOptions log_options;
  log_options.location = options.location;
  log_options.chain_id = options.chain;
  log_options.spill_dir = options.spill_dir;
  auto format = audit::ParseFormatName(options.format);
  auto policy = audit::ParseFailurePolicy(options.policy);
  if (!format.ok() || !policy.ok()) {
    std::cerr << "warden audit: "
              << FormatError(format.ok() ? policy.status() : format.status())
              << std::endl;
    return 2;
  }
  log_options.format = *format;
  log_options.failure_policy = *policy;
  auto log = audit::AuditLog::Open(log_options);
  if (!log.ok()) {
    std::cerr << "warden audit: " << FormatError(log.status()) << std::endl;
    return 1;
  }
  std::cout << "ready: chain " << options.chain << " at sequence "
            << (*log)->counters().head_sequence << std::endl;
  std::mutex print;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < options.count; i += options.threads) {
        const std::string id = TestEventId(options.prefix, t, i);
        auto status = (*log)->RecordDurable(TestEvent(id, i));
        std::lock_guard<std::mutex> lock(print);
        if (status.ok()) {
          std::cout << "ack " << id << std::endl;  // a flushed line: acknowledged
        } else {
          std::cerr << "error: " << FormatError(status) << std::endl;
          failures++;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::cout << "done: " << options.count - failures << " acknowledged" << std::endl;
  if (options.hold) {
    while (true) std::this_thread::sleep_for(std::chrono::hours(1));  // until killed
  }
  auto closed = (*log)->Close();
  if (!closed.ok()) {
    std::cerr << "warden audit: " << FormatError(closed) << std::endl;
    return 1;
  }
  std::cout << "closed" << std::endl;
  return failures == 0 ? 0 : 1;
}

}  // namespace

void AddAuditCommand(CLI::App& app, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Audit trail tools");
  audit->require_subcommand(1);

  auto verify = std::make_shared<VerifyCommandOptions>();
  auto* verify_command = audit->add_subcommand(
      "verify",
      "Check the hash chains of an audit trail: prints OK with counts, or the first "
      "altered, removed or reordered event of each chain (exit 1)");
  verify_command->add_option("location", verify->location, "Audit location (path or URI)")
      ->required();
  verify_command->add_option("--spill-dir", verify->verify.spill_dir,
                             "Also check undelivered events in this spill folder");
  verify_command->add_flag(
      "--allow-missing-prefix", verify->verify.allow_missing_prefix,
      "Accept chains that start after sequence 1 (older files removed "
      "by retention)");
  AddObjectStorageFlags(verify_command, &verify->object_storage);
  verify_command->callback([verify, &exit_code] { exit_code = RunVerify(*verify); });

  auto emit = std::make_shared<EmitOptions>();
  auto* emit_command = audit->add_subcommand(
      "emit-test-events", "Write acknowledged test events (crash tests, benchmarks)");
  emit_command->group("");  // hidden: a test tool, not an operator command
  emit_command->add_option("location", emit->location)->required();
  emit_command->add_option("--chain", emit->chain);
  emit_command->add_option("--format", emit->format);
  emit_command->add_option("--policy", emit->policy);
  emit_command->add_option("--spill-dir", emit->spill_dir);
  emit_command->add_option("--prefix", emit->prefix,
                           "Event ids are <prefix><thread>-<i>");
  emit_command->add_option("--count", emit->count)->check(CLI::NonNegativeNumber);
  emit_command->add_option("--threads", emit->threads)->check(CLI::PositiveNumber);
  emit_command->add_flag("--hold", emit->hold, "Stay alive after the last event");
  AddObjectStorageFlags(emit_command, &emit->object_storage);
  emit_command->callback([emit, &exit_code] { exit_code = RunEmit(*emit); });
}

}  // namespace warden::cli
