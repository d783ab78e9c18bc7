// Builds the real guest image from the warm cache the ctest fixture memattr_test_guest_image
// left (no download, the module from the cache), finds the fixture's own image up to date, and
// checks what the initramfs holds: init, busybox, ndctl/daxctl, the agent with its library
// closure, the modules of guest_modules.list, memattr.ko and modules.dep.
// Cache: $MEMATTR_IMAGE_CACHE, else DefaultImageCacheDir() (shared with memattr-host).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include "image/guest_image_builder.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

fs::path CacheDir() {
  const char* env = std::getenv("MEMATTR_IMAGE_CACHE");
  return env && *env ? fs::path(env) : DefaultImageCacheDir();
}

// The fixture's options (MEMATTR_TEST_IMAGE_DIR) in another output directory.
ImageOptions TestImageOptions(const fs::path& output_dir) {
  return {.cache_dir = CacheDir(),
          .output_dir = output_dir,
          .agent_binary = MEMATTR_TEST_AGENT,
          .extra_binaries = {MEMATTR_TEST_MODULE_CHECK}};
}

std::string Capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), pipe)) > 0;) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

std::set<std::string> ListInitramfs(const fs::path& initrd) {
  std::istringstream lines(Capture("gzip -dc '" + initrd.string() + "' | cpio -it --quiet"));
  std::set<std::string> names;
  for (std::string line; std::getline(lines, line);)
    names.insert(line.starts_with("./") ? line.substr(2) : line);
  return names;
}

std::string ReadMember(const fs::path& initrd, const std::string& member) {
  return Capture("gzip -dc '" + initrd.string() + "' | cpio -i --quiet --to-stdout '" + member +
                 "'");
}

std::vector<std::string> NeededLibraries(const fs::path& elf) {
  std::istringstream lines(Capture("aarch64-linux-gnu-readelf -dW '" + elf.string() + "'"));
  std::vector<std::string> needed;
  for (std::string line; std::getline(lines, line);) {
    const size_t open = line.find("(NEEDED)");
    if (open == std::string::npos) continue;
    const size_t lb = line.find('[', open), rb = line.find(']', lb);
    needed.push_back(line.substr(lb + 1, rb - lb - 1));
  }
  return needed;
}

TEST(ImageBuildTest, warm_build_downloads_nothing_and_initramfs_holds_everything) {
  Result<GuestImage> first = BuildGuestImage(TestImageOptions(MEMATTR_TEST_IMAGE_DIR));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->downloads, 0) << "the fixture's image was not up to date";
  const fs::path fresh = fs::path(MEMATTR_TEST_WORK_DIR) / "image";
  fs::remove_all(fresh);  // a whole build, from the warm cache
  Result<GuestImage> second = BuildGuestImage(TestImageOptions(fresh));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->downloads, 0) << "a build on a warm cache fetched packages again";
  EXPECT_EQ(second->kernel_release, first->kernel_release);
  EXPECT_THAT(second->kernel_release, HasSubstr("cloud-arm64"));
  EXPECT_TRUE(second->has_module);

  const std::set<std::string> files = ListInitramfs(second->initrd);
  const std::string agent = fs::path(MEMATTR_TEST_AGENT).filename();
  const std::string mods = "lib/modules/" + second->kernel_release + "/";
  for (const std::string& want :
       {std::string("init"), std::string("bin/busybox"), "usr/bin/" + agent,
        std::string("usr/bin/memattr-module-check"), std::string("usr/bin/ndctl"),
        std::string("usr/bin/daxctl"), std::string("lib/ld-linux-aarch64.so.1"),
        std::string("lib/aarch64-linux-gnu/libndctl.so.6"), mods + "modules.dep",
        mods + "extra/memattr.ko"})
    EXPECT_THAT(files, Contains(want));
  for (const std::string& lib : NeededLibraries(MEMATTR_TEST_AGENT))
    EXPECT_THAT(files, Contains("lib/aarch64-linux-gnu/" + lib)) << agent << " needs " << lib;

  const std::string deps = ReadMember(second->initrd, mods + "modules.dep");
  EXPECT_THAT(deps, HasSubstr("extra/memattr.ko:"));
  EXPECT_THAT(deps, ContainsRegex("nd_pmem\\.ko:[^\n]*/libnvdimm\\.ko"));
  std::istringstream load(ReadMember(second->initrd, "etc/memattr/modules.load"));
  for (std::string module; std::getline(load, module);) {
    std::string dashed = module;  // vfio_pci is vfio-pci.ko
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    EXPECT_TRUE(deps.find("/" + module + ".ko:") != std::string::npos ||
                deps.find("/" + dashed + ".ko:") != std::string::npos)
        << "modules.load names " << module << ", modules.dep has no " << module << ".ko";
  }
}

TEST(ImageBuildTest, unknown_kernel_package_is_named) {
  ImageOptions options = TestImageOptions(fs::path(MEMATTR_TEST_WORK_DIR) / "unknown-kernel");
  options.kernel_package = "linux-image-0.0.0-memattr-nonexistent-cloud-arm64";
  Result<GuestImage> image = BuildGuestImage(options);
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message,
              HasSubstr("apt-get download linux-image-0.0.0-memattr-nonexistent-cloud-arm64"));
}

}  // namespace
}  // namespace memattr::host
