#pragma once

#include <string>

#include <CLI/CLI.hpp>

/// Each subcommand registers its options on the app and sets `exit_code` when it runs.
namespace warden::cli {

void AddServeCommand(CLI::App& app, int& exit_code);
void AddPlannerCommand(CLI::App& app, int& exit_code);
void AddWorkerCommand(CLI::App& app, int& exit_code);
void AddSqlCommand(CLI::App& app, int& exit_code);
void AddVersionCommand(CLI::App& app, int& exit_code);
void AddAuditCommand(CLI::App& app, int& exit_code);
void AddRestCommand(CLI::App& app, int& exit_code);
void AddUsersCommand(CLI::App& app, int& exit_code);
void AddTokenCommand(CLI::App& app, int& exit_code);

/// Where the portal's built files are: $WARDEN_WEB_DIR, or beside the binary; "" if absent.
std::string DefaultWebDir();

}  // namespace warden::cli
