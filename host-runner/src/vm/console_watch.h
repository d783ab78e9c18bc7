// Follows a log (a guest's serial console, QEMU's own output) and spots a line holding one of
// the given markers as soon as it is printed.
//   ConsoleWatch watch(results / "console-1.log");   // kCrashMarkers
//   if (auto line = watch.Poll()) ...   // "Kernel panic - not syncing: ..."
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace memattr::host {

// The console markers of a dead or dying guest kernel.
inline constexpr const char* kCrashMarkers[] = {"Kernel panic", "SError", "Internal error",
                                                "Unable to handle kernel"};
// QEMU's words when KVM stops a guest it cannot run on (e.g. a stage-2 fault KVM cannot
// handle: the VM is paused with an internal error; QEMU itself stays up), or refuses guest
// memory (a memslot, e.g. a cacheable PFNMAP on a CPU without FWB: QEMU then aborts).
inline constexpr char kMemslotRefusedMarker[] = "error registering slot";
inline constexpr const char* kKvmStopMarkers[] = {"kvm run failed", "KVM internal error",
                                                  kMemslotRefusedMarker};

class ConsoleWatch {
 public:
  explicit ConsoleWatch(std::filesystem::path log,
                        std::span<const char* const> markers = kCrashMarkers)
      : log_(std::move(log)), markers_(markers) {}
  // Reads what was appended since the last call; returns the first line holding a crash
  // marker (once; later calls return nullopt).
  std::optional<std::string> Poll();

 private:
  std::filesystem::path log_;
  std::span<const char* const> markers_;
  std::size_t offset_ = 0;
  std::string partial_;
  bool reported_ = false;
};

}  // namespace memattr::host
