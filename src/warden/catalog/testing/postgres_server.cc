#include "warden/catalog/testing/postgres_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "warden/catalog/postgres_connection.h"
#include "warden/common/error.h"

namespace warden::catalog::testing {

namespace fs = std::filesystem;

namespace {

arrow::Result<fs::path> FindBinDir() {
  if (const char* configured = std::getenv("WARDEN_PG_BINDIR")) return fs::path(configured);
  fs::path best;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const fs::path candidate = entry.path() / "bin";
    if (fs::exists(candidate / "initdb") && candidate > best) best = candidate;
  }
  if (best.empty()) {
    return Error(ErrorCode::kUnavailable,
                 "PostgreSQL server binaries not found under /usr/lib/postgresql "
                 "(run scripts/install.sh, or set WARDEN_PG_BINDIR)");
  }
  return best;
}

arrow::Result<int> FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Error(ErrorCode::kUnavailable, "socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  if (port < 0) return Error(ErrorCode::kUnavailable, "no free loopback port");
  return port;
}

std::string Tail(const fs::path& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

}  // namespace

arrow::Status PostgresServer::Run(const std::string& command,
                                  const std::string& log_name) const {
  const fs::path log = dir_ / log_name;
  const std::string line = run_as_ + command + " > " + log.string() + " 2>&1";
  if (std::system(line.c_str()) != 0) {
    std::string server_log = Tail(dir_ / "server.log");
    return Error(ErrorCode::kUnavailable, "test PostgreSQL: `" + command + "` failed:\n" +
                                              Tail(log) + server_log);
  }
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  static std::atomic<int> counter{0};
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  ARROW_ASSIGN_OR_RAISE(server->bin_dir_, FindBinDir());
  server->dir_ = fs::temp_directory_path() / ("warden_pg_" + std::to_string(::getpid()) +
                                              "_" + std::to_string(counter++));
  fs::remove_all(server->dir_);
  fs::create_directories(server->dir_ / "socket");
  if (::geteuid() == 0) {
    server->run_as_ = "runuser -u postgres -- ";
    const std::string chown = "chown -R postgres:postgres " + server->dir_.string();
    if (std::system(chown.c_str()) != 0) {
      return Error(ErrorCode::kUnavailable, "cannot chown the test PostgreSQL directory "
                                            "to user postgres (is postgresql installed?)");
    }
  }
  const std::string data = (server->dir_ / "data").string();
  ARROW_RETURN_NOT_OK(server->Run((server->bin_dir_ / "initdb").string() + " -D " + data +
                                      " -U warden --auth=trust --encoding=UTF8 --locale=C "
                                      "--no-sync",
                                  "initdb.log"));
  // A free port can be taken between our probe and the server's bind: try a few.
  arrow::Status started;
  for (int attempt = 0; attempt < 5; ++attempt) {
    ARROW_ASSIGN_OR_RAISE(server->port_, FreeLoopbackPort());
    const std::string options = "-p " + std::to_string(server->port_) + " -k " +
                                (server->dir_ / "socket").string() +
                                " -c listen_addresses=127.0.0.1 -c fsync=off "
                                "-c synchronous_commit=off -c full_page_writes=off";
    started = server->Run((server->bin_dir_ / "pg_ctl").string() + " -D " + data + " -l " +
                              (server->dir_ / "server.log").string() + " -w -t 60 -o '" +
                              options + "' start",
                          "pg_ctl_start.log");
    if (started.ok()) break;
  }
  ARROW_RETURN_NOT_OK(started);
  server->started_ = true;
  server->StartReaper();
  return server;
}

void PostgresServer::StartReaper() const {
  // A test that crashes skips every destructor; this child outlives it just long enough to
  // stop the server and remove its directory. Only async-signal-safe calls after fork().
  const std::string command = run_as_ + (bin_dir_ / "pg_ctl").string() + " -D " +
                              (dir_ / "data").string() + " -m immediate -w -t 30 stop; rm -rf " +
                              dir_.string();
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child != 0) return;  // the parent, or fork failed: the destructor still stops it
  const int null = ::open("/dev/null", O_RDWR);
  if (null >= 0) {
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
  }
  while (::getppid() == parent) ::sleep(1);
  ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
  ::_exit(127);
}

PostgresServer::~PostgresServer() {
  if (started_) {
    ARROW_UNUSED(Run((bin_dir_ / "pg_ctl").string() + " -D " + (dir_ / "data").string() +
                         " -m immediate -w -t 30 stop",
                     "pg_ctl_stop.log"));
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string PostgresServer::Uri(const std::string& name) const {
  return "postgresql://warden@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

arrow::Result<std::string> PostgresServer::CreateDatabase(const std::string& name) {
  ARROW_ASSIGN_OR_RAISE(auto admin, PostgresConnection::Make(Uri("postgres")));
  ARROW_RETURN_NOT_OK(admin->ExecuteScript("CREATE DATABASE \"" + name + "\""));
  return Uri(name);
}

arrow::Result<PostgresServer*> SharedPostgresServer() {
  static std::mutex mutex;
  static std::unique_ptr<PostgresServer> server;  // stopped by the static destructor
  static arrow::Status failure;
  std::lock_guard lock(mutex);
  if (server) return server.get();
  if (!failure.ok()) return failure;
  auto started = PostgresServer::Start();
  if (!started.ok()) {
    failure = started.status();
    return failure;
  }
  server = std::move(*started);
  return server.get();
}

}  // namespace warden::catalog::testing
