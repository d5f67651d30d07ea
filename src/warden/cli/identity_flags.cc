#include "warden/cli/identity_flags.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "warden/common/error.h"

namespace warden::cli {

void StoreLocationFlags::Register(CLI::App* command) {
  command->add_option("--metastore", metastore,
                      "Metadata store URI (sqlite:///abs/path.db or postgresql://…)");
  command->add_option("--data-dir", data_dir, "The --data-dir of `warden serve`");
}

arrow::Result<std::string> StoreLocationFlags::Uri() const {
  if (metastore.empty() == data_dir.empty()) {
    return Error(ErrorCode::kInvalidArgument, "give exactly one of --metastore and --data-dir");
  }
  if (!metastore.empty()) return metastore;
  const auto catalog = std::filesystem::absolute(data_dir).lexically_normal() / "catalog.db";
  // Do not create an empty store beside a mistyped directory: serve creates it.
  if (!std::filesystem::exists(catalog)) {
    return Error(ErrorCode::kInvalidArgument,
                 "no metadata store at " + catalog.string() + " (has `warden serve` run there?)");
  }
  return "sqlite://" + catalog.string();
}

void TokenVerificationFlags::Register(CLI::App* command) {
  command->add_option("--token-secret-file", token_secret_file,
                      "Secret that signs bearer tokens (hex), shared by all planners and "
                      "workers")
      ->envname("WARDEN_TOKEN_SECRET_FILE")
      ->required();
  sso.Register(command);
}

void SsoFlags::Register(CLI::App* command) {
  command->add_option("--jwks-file", jwks_file,
                      "SSO: the identity provider's public keys (JWKS); RS256 and ES256 "
                      "tokens are verified against them, selected by kid")
      ->envname("WARDEN_JWKS_FILE");
  command->add_option("--groups-claim", groups_claim,
                      "Token claim holding the user's groups")
      ->capture_default_str();
  command->add_option("--attributes-claim", attributes_claim,
                      "Token claim holding the user's attributes ({\"k\": [\"v\"]})")
      ->capture_default_str();
}

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

arrow::Result<catalog::UserAttributes> ParseAttributes(const std::vector<std::string>& items) {
  catalog::UserAttributes out;
  for (const auto& item : items) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error(ErrorCode::kInvalidArgument,
                   "--attr '" + item + "' must be key=value[,value…]");
    }
    auto& values = out[item.substr(0, eq)];
    for (auto& value : SplitList(item.substr(eq + 1))) values.push_back(std::move(value));
  }
  return out;
}

arrow::Result<int64_t> ParseDurationSeconds(const std::string& text) {
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (...) {
    used = 0;
  }
  const std::string unit = used == 0 ? "?" : text.substr(used);
  int64_t scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  if (unit == "m") scale = 60;
  if (unit == "h") scale = 3600;
  if (unit == "d") scale = 86400;
  if (scale == 0 || value <= 0) {
    return Error(ErrorCode::kInvalidArgument,
                 "duration '" + text + "' must be a positive number with s, m, h or d");
  }
  return value * scale;
}

namespace {

std::string PromptHidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old_mode{};
  tcgetattr(STDIN_FILENO, &old_mode);
  termios quiet = old_mode;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::cerr << std::endl;
  return line;
}

}  // namespace

arrow::Result<std::string> ReadNewPassword(const std::string& password_file) {
  std::string password;
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    if (!in) {
      return Error(ErrorCode::kInvalidArgument, "cannot read password file " + password_file);
    }
    std::getline(in, password);
  } else if (const char* from_env = std::getenv("WARDEN_NEW_PASSWORD"); from_env) {
    password = from_env;
  } else if (isatty(STDIN_FILENO)) {
    password = PromptHidden("New password: ");
    if (PromptHidden("Repeat it: ") != password) {
      return Error(ErrorCode::kInvalidArgument, "the two passwords differ");
    }
  } else {
    std::getline(std::cin, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) return Error(ErrorCode::kInvalidArgument, "the password is empty");
  return password;
}

}  // namespace warden::cli
