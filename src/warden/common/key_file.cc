#include "warden/common/key_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {

arrow::Result<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorCode::kInvalidArgument, "cannot read key file " + path);
  std::stringstream text;
  text << in.rdbuf();
  std::string hex = text.str();
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.pop_back();
  auto key = crypto::HexDecode(hex);
  if (!key.ok() || key->size() < 32) {
    return Error(ErrorCode::kInvalidArgument,
                 "key file " + path + " must hold at least 32 bytes as hex");
  }
  return key;
}

arrow::Result<std::string> ReadOrCreateKeyFile(const std::string& path) {
  if (std::filesystem::exists(path)) return ReadKeyFile(path);
  ARROW_ASSIGN_OR_RAISE(auto key, crypto::RandomBytes(32));
  {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return Error(ErrorCode::kInvalidArgument, "cannot write key file " + path);
    out << crypto::HexEncode(key) << "\n";
  }
  ::chmod(path.c_str(), 0600);
  return key;
}

}  // namespace warden
