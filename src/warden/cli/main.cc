#include <iostream>

#include <CLI/CLI.hpp>
#include <arrow/filesystem/filesystem.h>

#include "warden/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Warden: governed access to the files of a data lake"};
  app.require_subcommand(1);
  int exit_code = 0;
  warden::cli::AddServeCommand(app, exit_code);
  warden::cli::AddPlannerCommand(app, exit_code);
  warden::cli::AddWorkerCommand(app, exit_code);
  warden::cli::AddSqlCommand(app, exit_code);
  warden::cli::AddVersionCommand(app, exit_code);
  warden::cli::AddAuditCommand(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  // Filesystems such as S3 (audit locations) must shut down before static destructors run.
  arrow::fs::EnsureFinalized();
  return exit_code;
}
