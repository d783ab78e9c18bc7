#include "manifest/manifest_reader.h"

#include <fstream>
#include <sstream>

namespace memattr::agent {

Result<Manifest> ReadManifestFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoError(path.string(), "open manifest");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseManifest(text.str(), path.string());
}

Result<Manifest> LoadManifest(const std::filesystem::path& explicit_path,
                              const std::filesystem::path& sysfs_root) {
  if (!explicit_path.empty()) return ReadManifestFile(explicit_path);
  const std::filesystem::path fw_cfg = sysfs_root / kFwCfgManifestPath;
  std::error_code ec;
  if (std::filesystem::exists(fw_cfg, ec)) return ReadManifestFile(fw_cfg);
  Manifest automatic;
  automatic.source = "auto-discovery (no --manifest, no " + fw_cfg.string() + ")";
  return automatic;
}

}  // namespace memattr::agent
