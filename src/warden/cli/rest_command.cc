// `warden rest`: the HTTP gateway and portal in front of a planner.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "warden/cli/commands.h"
#include "warden/cli/server_runtime.h"
#include "warden/common/error.h"
#include "warden/common/key_file.h"
#include "warden/rest/gateway.h"

namespace warden::cli {

std::string DefaultWebDir() {
  if (const char* dir = std::getenv("WARDEN_WEB_DIR")) return dir;
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  // Installed: <prefix>/bin/warden and <prefix>/share/warden/web; in a checkout:
  // build/bin/warden and web/dist.
  for (const auto& candidate : {exe.parent_path().parent_path() / "share/warden/web",
                                exe.parent_path().parent_path().parent_path() / "web/dist"}) {
    if (std::filesystem::exists(candidate / "index.html", error)) return candidate.string();
  }
  return "";
}

namespace {

struct RestOptions {
  std::string planner;
  std::string token_secret_file;
  SsoFlags sso;
  std::string host = "127.0.0.1";
  int port = 8089;
  std::string web_dir;
};

arrow::Status RunRest(const RestOptions& options) {
  BlockStopSignals();
  rest::GatewayOptions gateway_options;
  gateway_options.planner_uri = options.planner.find("://") == std::string::npos
                                    ? "grpc://" + options.planner
                                    : options.planner;
  ARROW_ASSIGN_OR_RAISE(gateway_options.token_secret, ReadKeyFile(options.token_secret_file));
  ARROW_ASSIGN_OR_RAISE(gateway_options.sso, LoadSso(options.sso));
  gateway_options.static_dir = options.web_dir.empty() ? DefaultWebDir() : options.web_dir;
  ARROW_ASSIGN_OR_RAISE(auto gateway, rest::Gateway::Make(std::move(gateway_options)));
  ARROW_RETURN_NOT_OK(gateway->Start(options.host, options.port));
  std::cout << "Warden REST gateway is ready on http://" << options.host << ":"
            << options.port << " (planner " << options.planner << ")" << std::endl;
  WaitForStopSignal();
  gateway->Stop();
  return arrow::Status::OK();
}

}  // namespace

void AddRestCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RestOptions>();
  auto* command =
      app.add_subcommand("rest", "Run the REST gateway and web portal (a client of a planner)");
  command->add_option("--planner", options->planner, "Planner as host:port or grpc://host:port")
      ->envname("WARDEN_PLANNER")
      ->required();
  command->add_option("--token-secret-file", options->token_secret_file,
                      "The planners' token secret (hex): verifies and refreshes tokens")
      ->envname("WARDEN_TOKEN_SECRET_FILE")
      ->required();
  options->sso.Register(command);  // the planners' SSO settings
  command->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  command->add_option("--port", options->port, "HTTP port")->capture_default_str();
  command->add_option("--web-dir", options->web_dir,
                      "The portal's built files (default: found beside the binary)")
      ->envname("WARDEN_WEB_DIR");
  command->callback([options, &exit_code] {
    auto status = RunRest(*options);
    if (!status.ok()) {
      std::cerr << "warden: " << FormatError(status) << std::endl;
      exit_code = 1;
    }
  });
}

}  // namespace warden::cli
