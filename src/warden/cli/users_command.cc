// `warden users add|list|remove|passwd`: local users in the metadata store, with PBKDF2
// password hashes, groups and attributes. Planners read them on each login.
#include <iostream>

#include "warden/catalog/meta_store.h"
#include "warden/cli/commands.h"
#include "warden/cli/identity_flags.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::cli {

namespace {

struct UsersOptions {
  StoreLocationFlags store;
  std::string name;
  std::string groups;
  bool groups_given = false;
  std::vector<std::string> attributes;
  std::string password_file;
};

/// Lower case like SQL identifiers, so `GRANT ROLE r TO USER name` names the same user.
arrow::Status CheckUserName(const std::string& name) {
  if (name.empty()) return Error(ErrorCode::kInvalidArgument, "the user name is empty");
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.' || c == '@';
    if (!ok) {
      return Error(ErrorCode::kInvalidArgument,
                   "user name '" + name +
                       "' may hold only lower-case letters, digits and _ - . @");
    }
  }
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<catalog::MetaStore>> OpenStore(const UsersOptions& options) {
  ARROW_ASSIGN_OR_RAISE(auto uri, options.store.Uri());
  return catalog::MetaStore::Open(uri);
}

arrow::Status RunAdd(const UsersOptions& options) {
  ARROW_RETURN_NOT_OK(CheckUserName(options.name));
  ARROW_ASSIGN_OR_RAISE(auto attributes, ParseAttributes(options.attributes));
  ARROW_ASSIGN_OR_RAISE(auto store, OpenStore(options));
  ARROW_ASSIGN_OR_RAISE(auto existing, store->GetUser(options.name));
  if (existing) {
    return Error(ErrorCode::kCatalogAlreadyExists,
                 "user " + options.name + " already exists (use `warden users passwd`)");
  }
  ARROW_ASSIGN_OR_RAISE(auto password, ReadNewPassword(options.password_file));
  ARROW_ASSIGN_OR_RAISE(auto hash, crypto::HashPassword(password));
  ARROW_RETURN_NOT_OK(store->PutUser({options.name, hash}));
  ARROW_RETURN_NOT_OK(store->SetUserGroups(options.name, SplitList(options.groups)));
  ARROW_RETURN_NOT_OK(store->SetUserAttributes(options.name, attributes));
  std::cout << "Added user " << options.name << std::endl;
  return arrow::Status::OK();
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

arrow::Status RunList(const UsersOptions& options) {
  ARROW_ASSIGN_OR_RAISE(auto store, OpenStore(options));
  ARROW_ASSIGN_OR_RAISE(auto users, store->ListUsers());
  std::cout << "user\tgroups\troles\tattributes\n";
  for (const auto& user : users) {
    ARROW_ASSIGN_OR_RAISE(auto groups, store->GetUserGroups(user));
    ARROW_ASSIGN_OR_RAISE(auto roles, store->RolesOfUser(user));
    ARROW_ASSIGN_OR_RAISE(auto attributes, store->GetUserAttributes(user));
    std::vector<std::string> pairs;
    for (const auto& [key, values] : attributes) pairs.push_back(key + "=" + Join(values, ","));
    std::cout << user << '\t' << Join(groups, ",") << '\t' << Join(roles, ",") << '\t'
              << Join(pairs, " ") << '\n';
  }
  std::cout << std::flush;
  return arrow::Status::OK();
}

arrow::Status RunRemove(const UsersOptions& options) {
  ARROW_ASSIGN_OR_RAISE(auto store, OpenStore(options));
  ARROW_RETURN_NOT_OK(store->DeleteUser(options.name));
  std::cout << "Removed user " << options.name << std::endl;
  return arrow::Status::OK();
}

arrow::Status RunPasswd(const UsersOptions& options) {
  ARROW_ASSIGN_OR_RAISE(auto store, OpenStore(options));
  ARROW_ASSIGN_OR_RAISE(auto existing, store->GetUser(options.name));
  if (!existing) return Error(ErrorCode::kCatalogNotFound, "user " + options.name + " not found");
  ARROW_ASSIGN_OR_RAISE(auto password, ReadNewPassword(options.password_file));
  ARROW_ASSIGN_OR_RAISE(auto hash, crypto::HashPassword(password));
  ARROW_RETURN_NOT_OK(store->PutUser({options.name, hash}));
  if (options.groups_given) {
    ARROW_RETURN_NOT_OK(store->SetUserGroups(options.name, SplitList(options.groups)));
  }
  if (!options.attributes.empty()) {
    ARROW_ASSIGN_OR_RAISE(auto attributes, ParseAttributes(options.attributes));
    ARROW_RETURN_NOT_OK(store->SetUserAttributes(options.name, attributes));
  }
  std::cout << "Changed the password of " << options.name << std::endl;
  return arrow::Status::OK();
}

template <typename Run>
void OnRun(CLI::App* command, const std::shared_ptr<UsersOptions>& options, int& exit_code,
           Run run) {
  command->callback([options, &exit_code, run] {
    auto status = run(*options);
    if (!status.ok()) {
      std::cerr << "warden users: " << FormatError(status) << std::endl;
      exit_code = 1;
    }
  });
}

}  // namespace

void AddUsersCommand(CLI::App& app, int& exit_code) {
  auto* users = app.add_subcommand("users", "Manage local users in the metadata store");
  users->require_subcommand(1);
  auto options = std::make_shared<UsersOptions>();

  auto* add = users->add_subcommand("add", "Add a user (password prompted, or from "
                                           "--password-file or $WARDEN_NEW_PASSWORD)");
  auto* list = users->add_subcommand("list", "List users with their groups, roles, attributes");
  auto* remove = users->add_subcommand("remove", "Remove a user: its logins are refused");
  auto* passwd = users->add_subcommand("passwd", "Change a user's password (and, with "
                                                 "--groups/--attr, its groups/attributes)");
  for (auto* command : {add, list, remove, passwd}) options->store.Register(command);
  for (auto* command : {add, remove, passwd}) {
    command->add_option("name", options->name, "User name")->required();
  }
  for (auto* command : {add, passwd}) {
    command->add_option("--password-file", options->password_file,
                        "Read the password from the first line of this file");
    command->add_option_function<std::string>(
        "--groups",
        [options](const std::string& groups) {
          options->groups = groups;
          options->groups_given = true;
        },
        "Comma-separated groups (GRANT ROLE … TO GROUP)");
    command->add_option("--attr", options->attributes,
                        "Attribute key=value[,value…] for user_attribute('key'); repeatable")
        ->allow_extra_args(false);
  }
  OnRun(add, options, exit_code, RunAdd);
  OnRun(list, options, exit_code, RunList);
  OnRun(remove, options, exit_code, RunRemove);
  OnRun(passwd, options, exit_code, RunPasswd);
}

}  // namespace warden::cli
