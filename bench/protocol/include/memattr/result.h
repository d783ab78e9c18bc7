// Result<T>: a value or an Error whose message names the culprit (path, field, errno).
// Library code returns these instead of exiting; main() turns an Error into an exit code.
//   Result<MappedRegion> r = MapRegion(spec, attr);
//   if (!r) return Error{"region 'dax0': " + r.error().message};
#pragma once

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <variant>

namespace memattr {

struct Error {
  std::string message;
};

// "PATH: WHAT: strerror(errno) (errno N)"; call right after the failing syscall.
inline Error ErrnoError(const std::string& path, const std::string& what, int err = errno) {
  return Error{path + ": " + what + ": " + std::strerror(err) + " (errno " + std::to_string(err) +
               ")"};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

using Status = Result<std::monostate>;
inline Status OkStatus() { return std::monostate{}; }

}  // namespace memattr
