#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <editline/readline.h>

#include "warden/cli/commands.h"
#include "warden/cli/sql_client.h"
#include "warden/cli/table_printer.h"

namespace warden::cli {

namespace {

struct SqlOptions {
  std::string connect = "grpc://127.0.0.1:12050";
  std::string user;
  std::string password_env;
  std::string execute;
};

std::string PromptPassword() {
  std::cerr << "Password: " << std::flush;
  termios saved{};
  const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~ECHO;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << std::endl;
  return password;
}

bool ResolvePassword(const SqlOptions& options, std::string* password) {
  const std::string variable = options.password_env.empty() ? "WARDEN_PASSWORD"
                                                            : options.password_env;
  if (const char* value = std::getenv(variable.c_str())) {
    *password = value;
    return true;
  }
  if (!options.password_env.empty()) {
    std::cerr << "warden sql: environment variable " << variable << " is not set" << std::endl;
    return false;
  }
  if (!isatty(STDIN_FILENO)) {
    std::cerr << "warden sql: no password: set WARDEN_PASSWORD or use --password-env"
              << std::endl;
    return false;
  }
  *password = PromptPassword();
  return true;
}

/// Runs each statement of `script`; returns false if any failed.
bool RunScript(SqlClient& client, const std::string& script) {
  bool all_ok = true;
  for (const auto& statement : SplitStatements(script)) {
    auto table = client.Execute(statement);
    if (!table.ok()) {
      std::cerr << "ERROR: " << ClientErrorText(table.status()) << std::endl;
      all_ok = false;
      continue;
    }
    PrintTable(**table, std::cout);
  }
  return all_ok;
}

void RunShell(SqlClient& client, const std::string& user) {
  const char* home = std::getenv("HOME");
  const std::string history = std::string(home ? home : ".") + "/.warden_history";
  read_history(history.c_str());
  std::cout << "Connected as " << user
            << ". End statements with ';'. \\q quits, \\h helps." << std::endl;
  std::string buffer;
  while (true) {
    char* line = readline(buffer.empty() ? "warden> " : "   ...> ");
    if (line == nullptr) break;  // Ctrl-D
    std::string text(line);
    free(line);
    if (buffer.empty()) {
      if (text == "\\q" || text == "quit" || text == "exit") break;
      if (text == "\\h" || text == "help") {
        std::cout << "SHOW DATABASES; SHOW TABLES IN db; DESCRIBE db.t;\n"
                     "CREATE DATABASE db; CREATE EXTERNAL TABLE db.t STORED AS PARQUET "
                     "LOCATION 'file:///…';\nSELECT … FROM db.t WHERE … LIMIT n;"
                  << std::endl;
        continue;
      }
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
    }
    buffer += buffer.empty() ? text : "\n" + text;
    if (!EndsStatement(buffer)) continue;
    add_history(buffer.c_str());
    RunScript(client, buffer);
    buffer.clear();
  }
  write_history(history.c_str());
}

}  // namespace

void AddSqlCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SqlOptions>();
  auto* command = app.add_subcommand("sql", "Interactive SQL shell (a Flight SQL client)");
  command->add_option("--connect", options->connect, "Planner URI")
      ->envname("WARDEN_CONNECT")
      ->capture_default_str();
  command->add_option("--user", options->user, "User name")->envname("WARDEN_USER")->required();
  command->add_option("--password-env", options->password_env,
                      "Read the password from this environment variable "
                      "(default WARDEN_PASSWORD, else prompt)");
  command->add_option("-e,--execute", options->execute,
                      "Run these statements (separated by ';') and exit");
  command->callback([options, &exit_code] {
    std::string password;
    if (!ResolvePassword(*options, &password)) {
      exit_code = 2;
      return;
    }
    auto client = SqlClient::Connect(options->connect, options->user, password);
    if (!client.ok()) {
      std::cerr << "ERROR: " << ClientErrorText(client.status()) << std::endl;
      exit_code = 1;
      return;
    }
    if (!options->execute.empty()) {
      exit_code = RunScript(**client, options->execute) ? 0 : 1;
      return;
    }
    RunShell(**client, options->user);
  });
}

}  // namespace warden::cli
