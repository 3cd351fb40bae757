#include "parkit/workloads/pipe_servers.hpp"

#include <fmt/format.h>

#include "parkit/errors.hpp"
#include "parkit/pipe.hpp"
#include "parkit/process.hpp"

namespace parkit::workloads {

namespace {

void echo_server(PipeEnd& conn) {
  for (;;) {
    std::string msg;
    try {
      msg = conn.recv<std::string>();
    } catch (const PipeClosed&) {
      return;  // the customer left without "stop"
    }
    conn.send(msg + "X");
    if (msg == "stop") return;
  }
}

void hello_server(PipeEnd& conn) {
  for (;;) {
    auto msg = conn.recv<std::string>();
    if (msg == "hello") {
      conn.send(std::string("yes"));
    } else if (msg == "bye") {
      conn.send(std::string("no"));
      return;
    } else {
      throw Error("Server: Expecting only hello or bye but received: " + msg);
    }
  }
}

// Starts `server` in a child process behind a pipe, runs `customer` on this end, then joins the
// server. If the customer finds the pipe closed, the server's own failure says why: it wins.
void with_server(void (*server)(PipeEnd&), const std::function<void(PipeEnd&)>& customer) {
  auto ends = make_pipe();  // (not a structured binding: clang 14 cannot capture those)
  PipeEnd& mine = ends.first;
  PipeEnd& theirs = ends.second;
  Process p([&, server] {
    mine.close();
    server(theirs);
  });
  p.start();
  theirs.close();
  try {
    customer(mine);
  } catch (const PipeClosed&) {
    mine.close();
    p.join();  // throws the server's failure, if it had one
    throw;
  }
  mine.close();
  p.join();
}

}  // namespace

void echo_session(const std::vector<std::string>& messages, const Say& say) {
  with_server(&echo_server, [&](PipeEnd& conn) {
    for (const auto& m : messages) {
      conn.send(m);
      say(fmt::format("sent {} received {}", m, conn.recv<std::string>()));
      if (m == "stop") break;
    }
  });
}

void hello_session(int count, const std::string& word, const Say& say) {
  with_server(&hello_server, [&](PipeEnd& conn) {
    for (int i = 0; i < count; ++i) {
      conn.send(word);
      say("I received " + conn.recv<std::string>());
    }
    conn.send(std::string("bye"));
    auto last = conn.recv<std::string>();
    if (last != "no") throw Error("Customer: expected no after bye but received: " + last);
  });
}

}  // namespace parkit::workloads
