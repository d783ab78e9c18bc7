#include "loopback_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace memattr::host_export::testing_util {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int BoundPort(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

int BindLoopback() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = Loopback(0);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  return fd;
}

// Reads headers and a Content-Length body; returns the request line.
std::string ReadRequest(int fd) {
  std::string data;
  char buffer[4096];
  std::size_t body_start = std::string::npos;
  std::size_t content_length = 0;
  while (true) {
    if (body_start == std::string::npos &&
        (body_start = data.find("\r\n\r\n")) != std::string::npos) {
      body_start += 4;
      const auto header = data.find("Content-Length: ");
      if (header != std::string::npos) content_length = std::stoul(data.substr(header + 16));
    }
    if (body_start != std::string::npos && data.size() >= body_start + content_length) break;
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return data.substr(0, data.find("\r\n"));
}

}  // namespace

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = Loopback(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return {};
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[65536];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0)
    response.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  const auto body = response.find("\r\n\r\n");
  return body == std::string::npos ? std::string() : response.substr(body + 4);
}

RefusingPort::RefusingPort() : fd_(BindLoopback()), port_(BoundPort(fd_)) {}
RefusingPort::~RefusingPort() { close(fd_); }

SilentServer::SilentServer() : fd_(BindLoopback()), port_(BoundPort(fd_)) { listen(fd_, 8); }
SilentServer::~SilentServer() { close(fd_); }

FakeHttpServer::FakeHttpServer(int status, int requests)
    : fd_(BindLoopback()), port_(BoundPort(fd_)) {
  listen(fd_, 4);
  thread_ = std::thread([this, status, requests] {
    for (int i = 0; i < requests; ++i) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      last_request_line_ = ReadRequest(client);
      const std::string response = "HTTP/1.1 " + std::to_string(status) +
                                   " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!write(client, response.data(), response.size());
      close(client);
    }
  });
}

void FakeHttpServer::Join() {
  if (thread_.joinable()) thread_.join();
}

FakeHttpServer::~FakeHttpServer() {
  shutdown(fd_, SHUT_RDWR);
  Join();
  close(fd_);
}

}  // namespace memattr::host_export::testing_util
