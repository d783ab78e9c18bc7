// `memattr-host image build`: wires BuildGuestImage (guest_image_builder.h) into the CLI.
//   ImageCommand image;  AddImageCommand(app, image);
//   app.parse(argc, argv);  if (image.parsed()) return RunImageCommand(image);
//   memattr-host image build [--role guest|host] [--output DIR] [--cache DIR] [--agent BIN]
//                            [--kernel-series 6.12|7] [--kernel-package PKG] [--extra-bin BIN]...
//                            [--guest-image DIR] [--host-binary BIN]
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "image/guest_image_builder.h"

namespace memattr::host {

inline constexpr char kDefaultHostImageDir[] = "build/host-image-";  // + kernel series
inline constexpr char kDefaultHostBinary[] = "build/aarch64/host-runner/memattr-host";

struct ImageCommand {
  CLI::App* build = nullptr;
  ImageOptions options;
  std::string role = "guest";
  std::string output, cache, agent, guest_image, host_binary;
  std::vector<std::string> extra_binaries;
  bool parsed() const { return build && build->parsed(); }
};

// The returned object must outlive parsing (CLI11 binds to its fields).
void AddImageCommand(CLI::App& app, ImageCommand& command);
// Builds the image; prints its kernel and directory. Returns the exit code (0, or 1 on failure).
int RunImageCommand(ImageCommand command);

}  // namespace memattr::host
