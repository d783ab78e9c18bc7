// Where the agent finds its manifest (a file, fw_cfg, or none); the parsing is the protocol's one
// parser (protocol::ParseManifest): every error names the source and the field path:
//   "manifest.json: regions[2].bar: must be 0..5, got 7"
//   Result<Manifest> m = ReadManifestFile("/tmp/manifest.json");
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "manifest/manifest.h"
#include "memattr/result.h"

namespace memattr::agent {

// Where QEMU's `-fw_cfg name=opt/memattr/manifest,file=F` shows up, relative to the sysfs root.
inline constexpr char kFwCfgManifestPath[] =
    "firmware/qemu_fw_cfg/by_name/opt/memattr/manifest/raw";

// Parses `text`; `source` prefixes every error (a file name, "fw_cfg").
using protocol::ParseManifest;
// Reads and parses a file; errors name the path and errno.
Result<Manifest> ReadManifestFile(const std::filesystem::path& path);
// The manifest the agent should use: `explicit_path` if non-empty, else fw_cfg under
// `sysfs_root` if present, else an auto-discovery Manifest (present == false).
Result<Manifest> LoadManifest(const std::filesystem::path& explicit_path,
                              const std::filesystem::path& sysfs_root);

}  // namespace memattr::agent
