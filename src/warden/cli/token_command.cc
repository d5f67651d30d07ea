// `warden token issue`: a bearer token (HS256 JWT) signed with the server's token key, for
// service accounts and tests. The planner verifies it like the tokens of a login.
#include <iostream>

#include "warden/cli/commands.h"
#include "warden/cli/identity_flags.h"
#include "warden/common/bearer_token.h"
#include "warden/common/error.h"
#include "warden/common/key_file.h"

namespace warden::cli {

namespace {

struct TokenOptions {
  std::string user;
  std::string groups;
  std::vector<std::string> attributes;
  std::string ttl = "1h";
  std::string token_secret_file;
  std::string data_dir;
};

arrow::Result<std::string> IssueToken(const TokenOptions& options) {
  if (options.token_secret_file.empty() == options.data_dir.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "give exactly one of --token-secret-file and --data-dir");
  }
  const std::string key_file = options.token_secret_file.empty()
                                   ? options.data_dir + "/token.key"
                                   : options.token_secret_file;
  ARROW_ASSIGN_OR_RAISE(auto ttl, ParseDurationSeconds(options.ttl));
  ARROW_ASSIGN_OR_RAISE(auto attributes, ParseAttributes(options.attributes));
  ARROW_ASSIGN_OR_RAISE(auto secret, ReadKeyFile(key_file));
  ARROW_ASSIGN_OR_RAISE(auto codec, BearerTokenCodec::Make(std::move(secret)));
  return codec.Issue(options.user, SplitList(options.groups), std::chrono::seconds(ttl),
                     attributes);
}

}  // namespace

void AddTokenCommand(CLI::App& app, int& exit_code) {
  auto* token = app.add_subcommand("token", "Issue bearer tokens");
  token->require_subcommand(1);
  auto options = std::make_shared<TokenOptions>();
  auto* issue = token->add_subcommand(
      "issue", "Print a bearer token signed with the server's token key");
  issue->add_option("--user", options->user, "The token's subject")->required();
  issue->add_option("--groups", options->groups, "Comma-separated groups");
  issue->add_option("--attr", options->attributes,
                    "Attribute key=value[,value…] for user_attribute('key'); repeatable")
      ->allow_extra_args(false);
  issue->add_option("--ttl", options->ttl, "Lifetime: 90s, 15m, 1h, 7d")->capture_default_str();
  issue->add_option("--token-secret-file", options->token_secret_file,
                    "The planner's --token-secret-file");
  issue->add_option("--data-dir", options->data_dir, "The --data-dir of `warden serve`");
  issue->callback([options, &exit_code] {
    auto issued = IssueToken(*options);
    if (!issued.ok()) {
      std::cerr << "warden token: " << FormatError(issued.status()) << std::endl;
      exit_code = 1;
      return;
    }
    std::cout << *issued << std::endl;
  });
}

}  // namespace warden::cli
