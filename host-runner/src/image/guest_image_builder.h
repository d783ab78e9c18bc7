// Builds an arm64 image (Debian kernel + initramfs + UEFI firmware) by running
// host-runner/image/build_image.sh, which downloads from Debian's archive into a cache and
// reuses it: the memattr guest (role guest), or the emulated KVM host of a nested run (role
// host: arm64 memattr-host, QEMU and a guest image inside). The result names the kernel, initrd
// and firmware to give QEMU.
//   Result<GuestImage> image = BuildGuestImage({.cache_dir = DefaultImageCacheDir(),
//                                               .output_dir = "build/guest-image",
//                                               .agent_binary = "build-arm/memattr-agent"});
//   if (image) argv += {"-kernel", image->kernel, "-initrd", image->initrd, "-bios",
//   image->firmware};
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

enum class GuestModule { kBuild, kSkip };  // the /dev/memattr module, built against the kernel
// kGuest: init runs memattr-agent. kHost: the L1 of a nested run (host-runner/image/host_init.sh);
// its module is optional (a failed build is a skip).
enum class ImageRole { kGuest, kHost };

struct ImageOptions {
  std::filesystem::path cache_dir;   // downloads and extracted packages; see DefaultImageCacheDir
  std::filesystem::path output_dir;  // gets vmlinuz, initrd.img, QEMU_EFI.fd, image.env
  ImageRole role = ImageRole::kGuest;
  std::filesystem::path agent_binary;     // kGuest: arm64 memattr-agent; empty: none in the image
  std::string kernel_series;              // "6.12" (bookworm-backports) or "7" (trixie-backports);
                                          // empty: 6.12
  std::string kernel_package;             // e.g. "linux-image-6.12.117+deb12-cloud-arm64";
                                          // empty: the newest cloud arm64 kernel of kernel_series
  std::filesystem::path guest_image_dir;  // kHost (required): the guest image to embed
  std::filesystem::path host_binary;      // kHost (required): the arm64 memattr-host
  std::vector<std::filesystem::path> extra_binaries;  // more arm64 programs for /usr/bin
  GuestModule module = GuestModule::kBuild;
  std::filesystem::path script;                            // empty: DefaultImageBuildScript()
  std::function<void(std::string_view line)> on_progress;  // each line the build prints
};

struct GuestImage {
  ImageRole role = ImageRole::kGuest;
  std::filesystem::path kernel, initrd, firmware;  // firmware: QEMU_EFI.fd
  std::string kernel_release;                      // "6.12.117+deb12-cloud-arm64"
  std::string kernel_package;
  std::string agent_in_guest;        // "/usr/bin/memattr-agent", or empty
  bool has_module = false;           // memattr.ko is in the initramfs and loaded by the init
  std::string guest_kernel_release;  // kHost: the embedded guest image's kernel
  int downloads = 0;                 // packages this build fetched from the archive (0: all cached)
};

// $XDG_CACHE_HOME/memattr/image, else $HOME/.cache/memattr/image, else ./memattr-image-cache.
std::filesystem::path DefaultImageCacheDir();
// host-runner/image/build_image.sh of this source tree.
std::filesystem::path DefaultImageBuildScript();

// The build script's argv for `options` (pure; argv[0] is the script).
std::vector<std::string> ImageBuildArgv(const ImageOptions& options);

// Builds the image. REQUIRES: cache_dir and output_dir set. Errors: a missing agent, extra
// binary, host binary or guest image (named), or the script's own error line (which package,
// module or library failed).
Result<GuestImage> BuildGuestImage(const ImageOptions& options);

// Reads OUTPUT/image.env as the build wrote it. Errors name the file, line and key.
Result<GuestImage> ReadGuestImage(const std::filesystem::path& image_env);

// The files `image_dir`/image.env names once built (vmlinuz, initrd.img, QEMU_EFI.fd): what a
// dry run shows when the image does not exist yet.
GuestImage PlaceholderImage(const std::filesystem::path& image_dir);

}  // namespace memattr::host
