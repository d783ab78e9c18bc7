#include "image/image_command.h"

#include <iostream>

#include "run/run_options.h"  // kDefaultImageDir, kDefaultAgentBinary

namespace memattr::host {

namespace fs = std::filesystem;

void AddImageCommand(CLI::App& app, ImageCommand& command) {
  command.options.cache_dir = DefaultImageCacheDir();
  command.cache = command.options.cache_dir.string();
  command.agent = kDefaultAgentBinary;
  command.guest_image = kDefaultImageDir;
  command.host_binary = kDefaultHostBinary;
  CLI::App* image = app.add_subcommand("image", "arm64 images")->require_subcommand(1);
  CLI::App* b = image->add_subcommand("build", "build an arm64 image (cached downloads)");
  command.build = b;
  b->add_option("--role", command.role, "guest (memattr-agent) or host (L1 of a nested run)")
      ->check(CLI::IsMember({"guest", "host"}))
      ->capture_default_str();
  b->add_option("--output", command.output,
                "image directory (default build/guest-image; role host: build/host-image-SERIES)");
  b->add_option("--cache", command.cache, "download cache")->capture_default_str();
  b->add_option("--agent", command.agent, "role guest: arm64 memattr-agent binary")
      ->capture_default_str();
  b->add_option("--kernel-series", command.options.kernel_series,
                "6.12 (bookworm-backports, default) or 7 (trixie-backports)")
      ->check(CLI::IsMember({"6.12", "7"}));
  b->add_option("--kernel-package", command.options.kernel_package,
                "Debian arm64 kernel package (instead of the series' newest)");
  b->add_option("--extra-bin", command.extra_binaries,
                "role guest: an arm64 program for the image's /usr/bin (repeatable)");
  b->add_option("--guest-image", command.guest_image, "role host: the guest image to embed")
      ->capture_default_str();
  b->add_option("--host-binary", command.host_binary, "role host: the arm64 memattr-host")
      ->capture_default_str();
}

int RunImageCommand(ImageCommand command) {
  ImageOptions& options = command.options;
  options.role = command.role == "host" ? ImageRole::kHost : ImageRole::kGuest;
  options.cache_dir = command.cache;
  const std::string series = options.kernel_series.empty() ? "6.12" : options.kernel_series;
  options.output_dir = !command.output.empty()            ? fs::path(command.output)
                       : options.role == ImageRole::kHost ? fs::path(kDefaultHostImageDir + series)
                                                          : fs::path(kDefaultImageDir);
  options.extra_binaries.assign(command.extra_binaries.begin(), command.extra_binaries.end());
  if (options.role == ImageRole::kHost) {
    options.guest_image_dir = command.guest_image;
    options.host_binary = command.host_binary;
  } else if (std::filesystem::exists(command.agent)) {
    options.agent_binary = command.agent;
  } else {
    std::cerr << "memattr-host: note: no agent at " << command.agent
              << " (build the aarch64 preset first); building an image without it\n";
  }
  options.on_progress = [](std::string_view line) { std::cerr << line << "\n"; };
  const Result<GuestImage> image = BuildGuestImage(options);
  if (!image) {
    std::cerr << "memattr-host: image build: " << image.error().message << "\n";
    return 1;
  }
  std::cout << "image: " << command.role << ", kernel " << image->kernel_release << " in "
            << options.output_dir.string() << " (" << image->downloads << " downloads)\n";
  return 0;
}

}  // namespace memattr::host
