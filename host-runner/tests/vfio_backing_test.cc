// VFIO checks against fake sysfs trees built per test (never this machine's devices).
#include "backing/vfio_backing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

class FakeSysfs {
 public:
  FakeSysfs()
      : root_(fs::temp_directory_path() /
              ("memattr-sysfs-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(root_ / "bus/pci/drivers");
  }
  ~FakeSysfs() { fs::remove_all(root_); }
  // A device in IOMMU group `group`, bound to `driver` ("" = unbound).
  void AddDevice(const std::string& bdf, const std::string& driver, int group) {
    const fs::path dev = root_ / "devices/pci0000:00" / bdf;
    fs::create_directories(dev);
    fs::create_directories(root_ / "bus/pci/devices");
    fs::create_symlink(dev, root_ / "bus/pci/devices" / bdf);
    if (!driver.empty()) {
      fs::create_directories(root_ / "bus/pci/drivers" / driver);
      fs::create_symlink(root_ / "bus/pci/drivers" / driver, dev / "driver");
    }
    if (group < 0) return;
    const fs::path g = root_ / "kernel/iommu_groups" / std::to_string(group);
    fs::create_directories(g / "devices");
    fs::create_symlink(g, dev / "iommu_group");
    fs::create_symlink(dev, g / "devices" / bdf);
  }
  const fs::path& root() const { return root_; }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

TEST(VfioBackingTest, viable_device_passes) {
  FakeSysfs sysfs;
  sysfs.AddDevice("0000:01:00.0", "vfio-pci", 7);
  sysfs.AddDevice("0000:01:00.1", "", 7);
  EXPECT_TRUE(CheckVfioDevice(sysfs.root(), "0000:01:00.0").ok());
}

TEST(VfioBackingTest, says_exactly_what_is_wrong) {
  FakeSysfs sysfs;
  sysfs.AddDevice("0000:02:00.0", "nvme", 3);
  sysfs.AddDevice("0000:03:00.0", "", 4);
  sysfs.AddDevice("0000:04:00.0", "vfio-pci", -1);
  sysfs.AddDevice("0000:05:00.0", "vfio-pci", 9);
  sysfs.AddDevice("0000:05:00.1", "snd_hda_intel", 9);
  const auto msg = [&](const char* bdf) {
    return CheckVfioDevice(sysfs.root(), bdf).error().message;
  };
  EXPECT_EQ(msg("0000:09:00.0"), "vfio 0000:09:00.0: no such PCI device (" +
                                     (sysfs.root() / "bus/pci/devices/0000:09:00.0").string() +
                                     " missing)");
  EXPECT_EQ(msg("0000:02:00.0"),
            "vfio 0000:02:00.0: bound to 'nvme', not vfio-pci (unbind it and bind vfio-pci)");
  EXPECT_EQ(msg("0000:03:00.0"),
            "vfio 0000:03:00.0: bound to no driver, not vfio-pci (bind it to vfio-pci)");
  EXPECT_EQ(msg("0000:04:00.0"), "vfio 0000:04:00.0: no iommu_group link (is the IOMMU enabled?)");
  EXPECT_EQ(msg("0000:05:00.0"),
            "vfio 0000:05:00.0: IOMMU group 9 is not viable: member 0000:05:00.1 is bound to "
            "'snd_hda_intel' (bind every member to vfio-pci or unbind it)");
}

}  // namespace
}  // namespace memattr::host
