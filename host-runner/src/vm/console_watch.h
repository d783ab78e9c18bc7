// Follows a guest's serial console log and spots a kernel crash as soon as it is printed.
//   ConsoleWatch watch(results / "console-1.log");
//   if (auto line = watch.Poll()) ...   // "Kernel panic - not syncing: ..."
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace memattr::host {

// The console markers of a dead or dying guest kernel.
inline constexpr const char* kCrashMarkers[] = {"Kernel panic", "SError", "Internal error",
                                                "Unable to handle kernel"};

class ConsoleWatch {
 public:
  explicit ConsoleWatch(std::filesystem::path log) : log_(std::move(log)) {}
  // Reads what was appended since the last call; returns the first line holding a crash
  // marker (once; later calls return nullopt).
  std::optional<std::string> Poll();

 private:
  std::filesystem::path log_;
  std::size_t offset_ = 0;
  std::string partial_;
  bool reported_ = false;
};

}  // namespace memattr::host
