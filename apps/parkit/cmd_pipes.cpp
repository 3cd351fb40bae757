// parkit echo and parkit hello-server: the tutorials' servers behind a Pipe.
#include <fmt/format.h>

#include <cstdio>

#include "cli.hpp"
#include "parkit/workloads/pipe_servers.hpp"

namespace parkit::cli {

namespace {
void say(const std::string& line) {
  fmt::print("{}\n", line);
  std::fflush(stdout);
}
}  // namespace

Command add_echo(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "echo", "A server process behind a Pipe answers each message with the message plus X");
  auto messages = std::make_shared<std::vector<std::string>>(
      std::vector<std::string>{"a", "fred", "Who am I?", "stop"});
  sub->add_option("MSG", *messages, "messages to send; the server ends at \"stop\"")
      ->capture_default_str();
  return {sub, [messages] {
            workloads::echo_session(*messages, &say);
            return 0;
          }};
}

Command add_hello_server(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "hello-server",
      "A server process answers hello with yes and bye with no; anything else is its error");
  auto count = std::make_shared<int>(10);
  auto word = std::make_shared<std::string>("hello");
  sub->add_option("--count", *count, "how many times to send the word")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--send", *word, "the word to send (anything but hello makes the server fail)")
      ->capture_default_str();
  return {sub, [count, word] {
            workloads::hello_session(*count, *word, &say);
            return 0;
          }};
}

}  // namespace parkit::cli
