// Test helpers: a plain HTTP/1.0 GET against 127.0.0.1, and a one-shot fake server that answers
// every request with a fixed status (to see how a push that is refused is reported).
#pragma once

#include <string>
#include <thread>

namespace memattr::host_export::testing_util {

// Body of GET http://127.0.0.1:PORT/PATH, or "" when the connection fails.
std::string HttpGet(int port, const std::string& path);

// Binds 127.0.0.1:0 without listening: connecting to port() is refused.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// Listens on 127.0.0.1:0 and never accepts nor answers: the kernel completes the connection,
// nothing more ever comes (a hung server).
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// Answers up to `requests` requests with "HTTP/1.1 STATUS" and remembers the last request line.
class FakeHttpServer {
 public:
  FakeHttpServer(int status, int requests);
  ~FakeHttpServer();
  int port() const { return port_; }
  const std::string& last_request_line() const { return last_request_line_; }  // after join
  void Join();

 private:
  int fd_ = -1;
  int port_ = 0;
  std::string last_request_line_;
  std::thread thread_;
};

}  // namespace memattr::host_export::testing_util
