#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <arrow/result.h>

/// A throwaway PostgreSQL server for tests: a fresh cluster (initdb) in a temporary
/// directory, listening on a free loopback port with its unix socket inside that directory,
/// stopped and removed on destruction. Run as user `postgres` (runuser) when the tests run
/// as root, since PostgreSQL refuses to run as root. Binaries: $WARDEN_PG_BINDIR, else the
/// newest /usr/lib/postgresql/*/bin (Debian's postgresql package, scripts/install.sh).
namespace warden::catalog::testing {

class PostgresServer {
 public:
  static arrow::Result<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// Creates an empty database and returns its metadata store URI
  /// (postgresql://warden@127.0.0.1:port/name).
  arrow::Result<std::string> CreateDatabase(const std::string& name);
  /// The URI of database `name` (which need not exist).
  std::string Uri(const std::string& name) const;
  int port() const { return port_; }

 private:
  PostgresServer() = default;
  arrow::Status Run(const std::string& command, const std::string& log_name) const;
  /// Forks a process that stops the server once this process is gone, however it ended.
  void StartReaper() const;

  std::filesystem::path bin_dir_;
  std::filesystem::path dir_;
  std::string run_as_;  // "runuser -u postgres -- " when root, else empty
  int port_ = 0;
  bool started_ = false;
};

/// One server for the whole test binary, started on first use and stopped at exit.
arrow::Result<PostgresServer*> SharedPostgresServer();

}  // namespace warden::catalog::testing
