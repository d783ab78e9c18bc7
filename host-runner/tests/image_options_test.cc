// Unit tests for guest_image_builder: argv, image.env parsing, and how the build script's
// output becomes a GuestImage or an Error (with a fake script; no downloads).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "image/guest_image_builder.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("memattr_image_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteFile(const fs::path& path, const std::string& text,
               fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
  std::ofstream(path) << text;
  fs::permissions(path, perms);
}

// A fake build_image.sh: prints what the real one prints and writes OUTPUT/image.env.
fs::path FakeScript(const fs::path& dir, const std::string& body) {
  const fs::path script = dir / "fake_build.sh";
  WriteFile(script, "#!/bin/sh\nOUT=$4\n" + body, fs::perms::owner_all);
  return script;
}

TEST(ImageOptionsTest, argv_names_every_option) {
  ImageOptions options{.cache_dir = "/c",
                       .output_dir = "/o",
                       .agent_binary = "/a/memattr-agent",
                       .kernel_package = "linux-image-7.3.4+deb13-cloud-arm64",
                       .extra_binaries = {"/x/check"},
                       .module = GuestModule::kSkip,
                       .script = "/s/build_image.sh"};
  EXPECT_THAT(
      ImageBuildArgv(options),
      ElementsAre("/s/build_image.sh", "--cache", "/c", "--output", "/o", "--agent",
                  "/a/memattr-agent", "--kernel-package", "linux-image-7.3.4+deb13-cloud-arm64",
                  "--extra-bin", "/x/check", "--no-module"));
}

TEST(ImageOptionsTest, default_script_is_the_repo_build_script) {
  EXPECT_EQ(DefaultImageBuildScript().filename(), "build_image.sh");
  EXPECT_TRUE(fs::is_regular_file(DefaultImageBuildScript())) << DefaultImageBuildScript();
  ImageOptions options{.cache_dir = "/c", .output_dir = "/o"};
  EXPECT_EQ(ImageBuildArgv(options).front(), DefaultImageBuildScript().string());
}

TEST(ImageOptionsTest, default_cache_follows_xdg_cache_home) {
  const char* old = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(DefaultImageCacheDir(), fs::path("/tmp/xdg-test/memattr/image"));
  old ? ::setenv("XDG_CACHE_HOME", saved.c_str(), 1) : ::unsetenv("XDG_CACHE_HOME");
}

TEST(ImageOptionsTest, missing_agent_is_named) {
  Result<GuestImage> image = BuildGuestImage(
      {.cache_dir = "/c", .output_dir = "/o", .agent_binary = "/nonexistent/memattr-agent"});
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message, HasSubstr("/nonexistent/memattr-agent"));
}

TEST(ImageOptionsTest, script_error_line_becomes_the_error) {
  const fs::path dir = TempDir("error");
  const fs::path script = FakeScript(
      dir,
      "echo 'memattr-image: download busybox-static:arm64'\n"
      "echo 'memattr-image: error: guest_modules.list: module nd_foo is not in linux-image-x' >&2\n"
      "exit 1\n");
  Result<GuestImage> image =
      BuildGuestImage({.cache_dir = dir, .output_dir = dir, .script = script});
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message, HasSubstr("module nd_foo is not in linux-image-x"));
}

TEST(ImageOptionsTest, silent_failure_reports_status_and_output) {
  const fs::path dir = TempDir("silent");
  const fs::path script = FakeScript(dir, "echo 'tar: something broke'\nexit 3\n");
  Result<GuestImage> image =
      BuildGuestImage({.cache_dir = dir, .output_dir = dir, .script = script});
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message, HasSubstr("tar: something broke"));
}

TEST(ImageOptionsTest, ok_build_counts_downloads_and_reads_image_env) {
  const fs::path dir = TempDir("ok");
  const fs::path script = FakeScript(
      dir,
      "touch $OUT/vmlinuz $OUT/initrd.img $OUT/QEMU_EFI.fd\n"
      "printf 'KERNEL_RELEASE=6.12.1-cloud-arm64\\nKERNEL_PACKAGE=linux-image-6.12.1-cloud-arm64\\n"
      "AGENT=/usr/bin/memattr-agent\\nMODULE=memattr\\nKERNEL=%s/vmlinuz\\nINITRD=%s/initrd.img\\n"
      "FIRMWARE=%s/QEMU_EFI.fd\\n' $OUT $OUT $OUT > $OUT/image.env\n"
      "echo 'memattr-image: download a:arm64'\necho 'memattr-image: cached b:arm64'\n"
      "echo 'memattr-image: download c:arm64'\necho \"memattr-image: ok $OUT/image.env\"\n");
  std::vector<std::string> lines;
  Result<GuestImage> image =
      BuildGuestImage({.cache_dir = dir,
                       .output_dir = dir,
                       .script = script,
                       .on_progress = [&](std::string_view line) { lines.emplace_back(line); }});
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->downloads, 2);
  EXPECT_EQ(image->kernel_release, "6.12.1-cloud-arm64");
  EXPECT_EQ(image->kernel, dir / "vmlinuz");
  EXPECT_EQ(image->firmware, dir / "QEMU_EFI.fd");
  EXPECT_EQ(image->agent_in_guest, "/usr/bin/memattr-agent");
  EXPECT_TRUE(image->has_module);
  EXPECT_EQ(lines.size(), 4u);
}

TEST(ImageOptionsTest, image_env_missing_key_names_file_and_key) {
  const fs::path dir = TempDir("missing");
  WriteFile(dir / "image.env", "KERNEL_RELEASE=6.12\nINITRD=/x\n");
  Result<GuestImage> image = ReadGuestImage(dir / "image.env");
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message, HasSubstr("image.env: KERNEL: missing"));
}

TEST(ImageOptionsTest, image_env_bad_line_names_line) {
  const fs::path dir = TempDir("bad");
  WriteFile(dir / "image.env", "KERNEL_RELEASE=6.12\nnonsense\n");
  Result<GuestImage> image = ReadGuestImage(dir / "image.env");
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message, HasSubstr("image.env:2: expected KEY=VALUE, got 'nonsense'"));
}

TEST(ImageOptionsTest, image_env_names_a_missing_kernel_file) {
  const fs::path dir = TempDir("nofile");
  WriteFile(dir / "image.env", "KERNEL_RELEASE=6.12\nKERNEL=" + (dir / "vmlinuz").string() +
                                   "\nINITRD=/x\nFIRMWARE=/y\n");
  Result<GuestImage> image = ReadGuestImage(dir / "image.env");
  ASSERT_FALSE(image);
  EXPECT_THAT(image.error().message,
              HasSubstr("KERNEL: " + (dir / "vmlinuz").string() + ": no such file"));
}

}  // namespace
}  // namespace memattr::host
