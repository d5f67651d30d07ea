#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <editline/readline.h>

#include "warden/cli/commands.h"
#include "warden/cli/sql_client.h"
#include "warden/cli/result_formats.h"
#include "warden/cli/table_printer.h"
#include "warden/common/error.h"

namespace warden::cli {

namespace {

struct SqlOptions {
  std::string connect = "grpc://127.0.0.1:12050";
  std::string user;
  std::string password_env;
  std::string execute;
  std::string file;
  std::string format = "aligned";
};

/// What a session prints and how: changed by \timing and \format.
struct ShellSettings {
  OutputFormat format = OutputFormat::kAligned;
  bool timing = false;
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

/// Runs one statement and prints its result (or the error with its WARDEN code).
bool RunStatement(SqlClient& client, const std::string& statement,
                  const ShellSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  auto table = client.Execute(statement);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
          .count();
  if (!table.ok()) {
    std::cerr << "ERROR: " << ClientErrorText(table.status()) << std::endl;
    return false;
  }
  PrintResult(**table, settings.format, std::cout);
  if (settings.timing) std::cerr << "Time: " << ms << " ms" << std::endl;
  return true;
}

/// Runs each statement of `script`; returns false if any failed.
bool RunScript(SqlClient& client, const std::string& script, const ShellSettings& settings) {
  bool all_ok = true;
  for (const auto& statement : SplitStatements(script)) {
    all_ok = RunStatement(client, statement, settings) && all_ok;
  }
  return all_ok;
}

const char* kShellHelp =
    "  \\l                 list databases\n"
    "  \\dt [db]           list tables (of db)\n"
    "  \\d db.table        describe a table\n"
    "  \\explain query     show the governed plan\n"
    "  \\format aligned|csv|json   output format\n"
    "  \\timing            toggle timing of statements\n"
    "  \\q                 quit\n"
    "SQL statements end with ';' and may span lines.";

/// A backslash command of the shell; returns false for an unknown one.
bool RunMetaCommand(SqlClient& client, const std::string& line, ShellSettings& settings) {
  std::istringstream words(line);
  std::string command, argument;
  words >> command;
  std::getline(words, argument);
  argument.erase(0, argument.find_first_not_of(" \t"));
  while (!argument.empty() && (argument.back() == ';' || argument.back() == ' ')) {
    argument.pop_back();
  }
  if (command == "\\l") {
    RunStatement(client, "SHOW DATABASES", settings);
    return true;
  }
  if (command == "\\dt") {
    RunStatement(client, argument.empty() ? "SHOW TABLES" : "SHOW TABLES IN " + argument,
                 settings);
    return true;
  }
  if (command == "\\d" && !argument.empty()) {
    RunStatement(client, "DESCRIBE " + argument, settings);
    return true;
  }
  if (command == "\\explain" && !argument.empty()) {
    RunStatement(client, "EXPLAIN " + argument, settings);
    return true;
  }
  if (command == "\\timing") {
    settings.timing = !settings.timing;
    std::cout << "Timing is " << (settings.timing ? "on." : "off.") << std::endl;
    return true;
  }
  if (command == "\\format") {
    auto format = ParseOutputFormat(argument);
    if (!format.ok()) {
      std::cerr << "ERROR: " << FormatError(format.status()) << std::endl;
    } else {
      settings.format = *format;
    }
    return true;
  }
  if (command == "\\h" || command == "\\?") {
    std::cout << kShellHelp << std::endl;
    return true;
  }
  return false;
}

void RunShell(SqlClient& client, const std::string& user, ShellSettings settings) {
  const char* home = std::getenv("HOME");
  const std::string history = std::string(home ? home : ".") + "/.warden_history";
  read_history(history.c_str());
  std::cout << "Connected as " << user
            << ". End statements with ';'. \\q quits, \\? helps." << std::endl;
  std::string buffer;
  while (true) {
    char* line = readline(buffer.empty() ? "warden> " : "   ...> ");
    if (line == nullptr) break;  // Ctrl-D
    std::string text(line);
    free(line);
    if (buffer.empty()) {
      if (text == "\\q" || text == "quit" || text == "exit") break;
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
      const size_t first = text.find_first_not_of(" \t");
      if (text[first] == '\\') {
        add_history(text.c_str());
        if (!RunMetaCommand(client, text.substr(first), settings)) {
          std::cerr << "unknown command " << text.substr(first) << "; \\? lists them"
                    << std::endl;
        }
        continue;
      }
    }
    buffer += buffer.empty() ? text : "\n" + text;
    if (!EndsStatement(buffer)) continue;
    add_history(buffer.c_str());
    RunScript(client, buffer, settings);
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
  command->add_option("-f,--file", options->file,
                      "Run the statements of this file (separated by ';') and exit");
  command->add_option("--format", options->format, "Output: aligned, csv or json")
      ->capture_default_str();
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
    ShellSettings settings;
    auto format = ParseOutputFormat(options->format);
    if (!format.ok()) {
      std::cerr << "ERROR: " << FormatError(format.status()) << std::endl;
      exit_code = 2;
      return;
    }
    settings.format = *format;
    if (!options->file.empty()) {
      std::ifstream in(options->file);
      if (!in) {
        std::cerr << "ERROR: cannot read " << options->file << std::endl;
        exit_code = 2;
        return;
      }
      std::stringstream script;
      script << in.rdbuf();
      exit_code = RunScript(**client, script.str(), settings) ? 0 : 1;
      return;
    }
    if (!options->execute.empty()) {
      exit_code = RunScript(**client, options->execute, settings) ? 0 : 1;
      return;
    }
    RunShell(**client, options->user, settings);
  });
}

}  // namespace warden::cli
