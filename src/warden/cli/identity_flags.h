#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <arrow/result.h>

#include "warden/catalog/model.h"

/// Flags and parsing shared by `warden users` and `warden token`, and the token
/// verification flags shared by `warden serve`, `planner`, `worker` and `rest`.
namespace warden::cli {

/// SSO (DESIGN §6): the identity provider's keys and the claims that carry groups and
/// attributes. Taken by every process that verifies bearer tokens: `serve`, `planner`,
/// `worker` and `rest`.
struct SsoFlags {
  std::string jwks_file;
  std::string groups_claim = "groups";
  std::string attributes_claim = "attributes";

  /// Adds --jwks-file, --groups-claim and --attributes-claim.
  void Register(CLI::App* command);
};

/// How bearer tokens are verified (DESIGN §6): planners verify every call with them and
/// workers bind each ticket to its caller with the very same settings.
struct TokenVerificationFlags {
  std::string token_secret_file;
  SsoFlags sso;

  /// Adds --token-secret-file (required) and the SsoFlags.
  void Register(CLI::App* command);
};

/// Where the metadata store is: `--metastore URI` or the `--data-dir` of `warden serve`.
struct StoreLocationFlags {
  std::string metastore;
  std::string data_dir;

  void Register(CLI::App* command);
  /// The store URI; kInvalidArgument unless exactly one of the flags is given.
  arrow::Result<std::string> Uri() const;
};

/// "g1,g2" → {"g1", "g2"} (blanks dropped).
std::vector<std::string> SplitList(const std::string& list);

/// Repeated "k=v1,v2" → {k: [v1, v2]}; a key given twice accumulates its values.
/// kInvalidArgument for an item without '=' or with an empty key.
arrow::Result<catalog::UserAttributes> ParseAttributes(const std::vector<std::string>& items);

/// "90s", "15m", "1h", "7d" or plain seconds; kInvalidArgument unless positive.
arrow::Result<int64_t> ParseDurationSeconds(const std::string& text);

/// The new password: the first line of `password_file`, else $WARDEN_NEW_PASSWORD, else
/// a prompt on the terminal (typed twice, not echoed), else a line of standard input.
/// kInvalidArgument when empty or when the two typed passwords differ.
arrow::Result<std::string> ReadNewPassword(const std::string& password_file);

}  // namespace warden::cli
