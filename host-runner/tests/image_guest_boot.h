// Test support: boots a built image under QEMU TCG with the devices the image is for — a guest
// (ivshmem-plain BAR, NVDIMM, CPU-less NUMA node) or an emulated KVM host (EL2, NVDIMM) —
// serial console to a file, a hard timeout, and no QEMU left behind. Used by the image, module
// and nested-host end-to-end tests.
//   GuestBoot boot = BootGuest(image, {.work_dir = dir, .append = "memattr_init.selftest=1"});
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "image/guest_image_builder.h"

namespace memattr::host::testing {

// kGuest: virt with SMMUv3, 1.5 GiB in two NUMA nodes (node 1 CPU-less).
// kKvmHost: virt with virtualization=on (EL2: KVM inside), 3 GiB (maxmem 8G), no NUMA.
// Both get a 32 MiB NVDIMM, a 16 MiB ivshmem BAR and UEFI.
enum class BootMachine { kGuest, kKvmHost };

struct GuestBootOptions {
  std::filesystem::path work_dir;  // backing files and console.log go here
  std::string append;              // added to "console=ttyAMA0"
  std::vector<std::string> extra_args;
  std::chrono::seconds timeout{300};
  BootMachine machine = BootMachine::kGuest;
  std::string marker;  // non-empty: GuestBoot::marker_seconds is when the console first shows it
};

struct GuestBoot {
  bool powered_off = false;  // QEMU exited by itself before the timeout
  int wait_status = 0;
  double seconds = 0;
  double marker_seconds = -1;  // -1: the marker never appeared
  std::string console;         // the serial console log
};

// $MEMATTR_IMAGE_CACHE, else DefaultImageCacheDir().
std::filesystem::path TestImageCacheDir();
// qemu-system-aarch64 on PATH, or empty.
std::filesystem::path FindQemu();
std::vector<std::string> GuestBootArgv(const std::filesystem::path& qemu, const GuestImage& image,
                                       const GuestBootOptions& options);
GuestBoot BootGuest(const std::filesystem::path& qemu, const GuestImage& image,
                    const GuestBootOptions& options);

#ifdef MEMATTR_TEST_IMAGE_DIR
// The image of the ctest fixture memattr_test_guest_image, with the fixture's options: the
// build finds it up to date (build_image.sh) unless the test runs without its fixture.
inline ImageOptions TestGuestImageOptions() {
  return {.cache_dir = TestImageCacheDir(),
          .output_dir = MEMATTR_TEST_IMAGE_DIR,
          .agent_binary = MEMATTR_TEST_AGENT,
          .extra_binaries = {MEMATTR_TEST_MODULE_CHECK}};
}
#endif

}  // namespace memattr::host::testing
