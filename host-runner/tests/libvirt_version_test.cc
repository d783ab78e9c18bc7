// The "libvirt too old" refusal: each piece's minimum, named with both versions and the reason.
#include "libvirt/libvirt_version.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace memattr::host {
namespace {

using ::testing::HasSubstr;

Scenario WithFirmware(bool uefi) {
  Scenario s;
  s.file = "/s/fw.yaml";
  s.uefi = uefi;
  return s;
}

TEST(LibvirtVersionTest, firmware_none_needs_11_3_and_the_refusal_names_it) {
  const Status s = CheckLibvirtVersion(WithFirmware(false), 9'000'000);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message,
            "libvirt 9.0.0 is too old for firmware: none (/s/fw.yaml): it needs 11.3.0 or later "
            "(a domain without <acpi/>: libvirt 9.0 passes -no-acpi, which QEMU 10 rejects)");
  EXPECT_FALSE(CheckLibvirtVersion(WithFirmware(false), 11'002'999));
  EXPECT_TRUE(CheckLibvirtVersion(WithFirmware(false), 11'003'000));
}

TEST(LibvirtVersionTest, a_uefi_domain_is_refused_only_below_the_oldest_verified_libvirt) {
  EXPECT_TRUE(CheckLibvirtVersion(WithFirmware(true), 9'000'000));
  const Status s = CheckLibvirtVersion(WithFirmware(true), 8'010'000);
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message,
              HasSubstr("libvirt 8.10.0 is too old for memattr's domain XML: it needs 9.0.0"));
}

TEST(LibvirtVersionTest, versions_print_as_libvirt_numbers_them) {
  EXPECT_EQ(LibvirtVersionString(11'003'000), "11.3.0");
  EXPECT_EQ(LibvirtVersionString(9'010'002), "9.10.2");
}

}  // namespace
}  // namespace memattr::host
