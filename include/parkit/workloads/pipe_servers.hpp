// The tutorials' two pipe servers: a server process behind a Pipe, and the customer (this
// process) that talks to it. `say` receives each line the customer prints.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace parkit::workloads {

using Say = std::function<void(const std::string&)>;

// The echo server replies with each message plus "X" until it has answered "stop". The customer
// sends each message and says "sent M received R". Then it closes its end (a server that never
// got "stop" ends there) and joins the server.
void echo_session(const std::vector<std::string>& messages, const Say& say);

// The hello server replies "yes" to "hello" and "no" to "bye" (then ends); anything else makes it
// fail with "Server: Expecting only hello or bye but received: M", which reaches the customer as
// that Error (exit 1). The customer sends `word` `count` times, saying "I received R" for each
// reply, then "bye", and checks that the answer is "no".
void hello_session(int count, const std::string& word, const Say& say);

}  // namespace parkit::workloads
