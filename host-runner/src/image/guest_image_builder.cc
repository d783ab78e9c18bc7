#include "image/guest_image_builder.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "host/subprocess.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kLinePrefix = "memattr-image: ";
constexpr std::string_view kErrorPrefix = "memattr-image: error: ";
constexpr std::string_view kDownloadPrefix = "memattr-image: download ";
constexpr std::string_view kOkPrefix = "memattr-image: ok ";

struct ScriptOutput {
  int downloads = 0;
  std::string error;       // the script's error line, without its prefix
  fs::path image_env;      // from the final "ok" line
  std::string last_lines;  // for errors when the script died without saying why
};

void TakeLine(const std::string& line, const ImageOptions& options, ScriptOutput& out) {
  if (options.on_progress) options.on_progress(line);
  if (line.starts_with(kDownloadPrefix)) ++out.downloads;
  if (line.starts_with(kErrorPrefix)) out.error = line.substr(kErrorPrefix.size());
  if (line.starts_with(kOkPrefix)) out.image_env = line.substr(kOkPrefix.size());
  if (!line.starts_with(kLinePrefix))
    out.last_lines = (out.last_lines + line + "\n").substr(0, 2000);
}

// Runs argv with stdout and stderr on one pipe, taking its output line by line; returns the
// wait status.
Result<int> RunScript(const std::vector<std::string>& argv, const ImageOptions& options,
                      ScriptOutput& out) {
  std::string pending;
  Result<int> status = RunWithOutput(argv, [&](std::string_view chunk) {
    pending.append(chunk);
    for (size_t eol; (eol = pending.find('\n')) != std::string::npos; pending.erase(0, eol + 1))
      TakeLine(pending.substr(0, eol), options, out);
  });
  if (!pending.empty()) TakeLine(pending, options, out);
  return status;
}

Status CheckInputs(const ImageOptions& options) {
  if (options.cache_dir.empty()) return Error{"image build: cache_dir is not set"};
  if (options.output_dir.empty()) return Error{"image build: output_dir is not set"};
  if (!options.agent_binary.empty() && !fs::is_regular_file(options.agent_binary))
    return Error{options.agent_binary.string() +
                 ": agent binary not found (cross-build memattr-agent first)"};
  for (const fs::path& bin : options.extra_binaries)
    if (!fs::is_regular_file(bin)) return Error{bin.string() + ": extra binary not found"};
  if (options.role != ImageRole::kHost) return OkStatus();
  if (!fs::is_regular_file(options.host_binary))
    return Error{"'" + options.host_binary.string() +
                 "': host binary not found (cross-build memattr-host: the aarch64 preset)"};
  if (!fs::is_regular_file(options.guest_image_dir / "image.env"))
    return Error{"'" + options.guest_image_dir.string() +
                 "': no image.env (build the guest image first: memattr-host image build)"};
  return OkStatus();
}

using EnvMap = std::map<std::string, std::string>;

Result<EnvMap> ReadEnvFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return ErrnoError(path.string(), "open");
  EnvMap env;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#')) continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error{path.string() + ":" + std::to_string(number) + ": expected KEY=VALUE, got '" +
                   line + "'"};
    env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

Result<std::string> Require(const EnvMap& env, const fs::path& path, const std::string& key) {
  auto it = env.find(key);
  if (it == env.end() || it->second.empty())
    return Error{path.string() + ": " + key +
                 ": missing (rebuild with `memattr-host image build`)"};
  return it->second;
}

}  // namespace

fs::path DefaultImageCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return fs::path(xdg) / "memattr" / "image";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache" / "memattr" / "image";
  return fs::current_path() / "memattr-image-cache";
}

fs::path DefaultImageBuildScript() { return fs::path(MEMATTR_IMAGE_DATA_DIR) / "build_image.sh"; }

std::vector<std::string> ImageBuildArgv(const ImageOptions& options) {
  std::vector<std::string> argv = {
      (options.script.empty() ? DefaultImageBuildScript() : options.script).string(), "--cache",
      options.cache_dir.string(), "--output", options.output_dir.string()};
  if (options.role == ImageRole::kGuest && !options.agent_binary.empty())
    argv.insert(argv.end(), {"--agent", options.agent_binary.string()});
  if (options.role == ImageRole::kHost)
    argv.insert(argv.end(), {"--role", "host", "--guest-image", options.guest_image_dir.string(),
                             "--host-binary", options.host_binary.string()});
  if (!options.kernel_series.empty())
    argv.insert(argv.end(), {"--kernel-series", options.kernel_series});
  if (!options.kernel_package.empty())
    argv.insert(argv.end(), {"--kernel-package", options.kernel_package});
  for (const fs::path& bin : options.extra_binaries)
    argv.insert(argv.end(), {"--extra-bin", bin.string()});
  if (options.module == GuestModule::kSkip) argv.push_back("--no-module");
  return argv;
}

Result<GuestImage> BuildGuestImage(const ImageOptions& options) {
  if (Status ok = CheckInputs(options); !ok) return ok.error();
  const std::vector<std::string> argv = ImageBuildArgv(options);
  ScriptOutput out;
  Result<int> status = RunScript(argv, options, out);
  if (!status) return status.error();
  if (!out.error.empty()) return Error{"image build (" + argv[0] + "): " + out.error};
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0 || out.image_env.empty())
    return Error{"image build (" + argv[0] + ") failed with wait status " +
                 std::to_string(*status) + ": " + out.last_lines};
  Result<GuestImage> image = ReadGuestImage(out.image_env);
  if (image) image->downloads = out.downloads;
  return image;
}

Result<GuestImage> ReadGuestImage(const fs::path& image_env) {
  Result<EnvMap> env = ReadEnvFile(image_env);
  if (!env) return env.error();
  GuestImage image;
  for (auto [key, field] : {std::pair{"KERNEL", &image.kernel}, std::pair{"INITRD", &image.initrd},
                            std::pair{"FIRMWARE", &image.firmware}}) {
    Result<std::string> value = Require(*env, image_env, key);
    if (!value) return value.error();
    *field = *value;
    if (!fs::is_regular_file(*field))
      return Error{image_env.string() + ": " + key + ": " + *value + ": no such file"};
  }
  Result<std::string> release = Require(*env, image_env, "KERNEL_RELEASE");
  if (!release) return release.error();
  image.kernel_release = *release;
  image.kernel_package = (*env)["KERNEL_PACKAGE"];
  image.agent_in_guest = (*env)["AGENT"];
  image.has_module = (*env)["MODULE"] == "memattr";
  image.role = (*env)["ROLE"] == "host" ? ImageRole::kHost : ImageRole::kGuest;
  image.guest_kernel_release = (*env)["GUEST_KERNEL_RELEASE"];
  return image;
}

GuestImage PlaceholderImage(const fs::path& image_dir) {
  GuestImage image;
  image.kernel = image_dir / "vmlinuz";
  image.initrd = image_dir / "initrd.img";
  image.firmware = image_dir / "QEMU_EFI.fd";
  return image;
}

}  // namespace memattr::host
