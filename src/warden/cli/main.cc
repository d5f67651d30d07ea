#include <iostream>

#include <CLI/CLI.hpp>

#include "warden/catalog/filesystems.h"
#include "warden/cli/commands.h"

int main(int argc, char** argv) {
  // Shuts the AWS SDK down on every way out of main, before static destruction.
  warden::catalog::FileSystemsFinalizer finalize_filesystems;
  CLI::App app{"Warden: governed access to the files of a data lake"};
  app.require_subcommand(1);
  int exit_code = 0;
  warden::cli::AddServeCommand(app, exit_code);
  warden::cli::AddPlannerCommand(app, exit_code);
  warden::cli::AddWorkerCommand(app, exit_code);
  warden::cli::AddSqlCommand(app, exit_code);
  warden::cli::AddVersionCommand(app, exit_code);
  warden::cli::AddAuditCommand(app, exit_code);
  warden::cli::AddRestCommand(app, exit_code);
  warden::cli::AddUsersCommand(app, exit_code);
  warden::cli::AddTokenCommand(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
