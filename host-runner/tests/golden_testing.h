// Shared by the golden tests (argv and domain XML): a QEMU 10.0.2 as probed on the project's
// machines, and the golden file check.
//   CheckGolden(dir / "default.tcg-x86_64.argv", rendered);   // MEMATTR_UPDATE_GOLDEN=1 rewrites
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "vm/qemu_capabilities.h"

namespace memattr::host {

inline QemuCapabilities FakeQemu10(bool with_kvm) {
  QemuCapabilities caps;
  caps.binary = "/usr/bin/qemu-system-aarch64";
  caps.version = {10, 0, 2};
  caps.machines = {"virt"};
  caps.devices = {"nvdimm",    "ivshmem-plain",     "vfio-pci",
                  "cxl-type3", "virtio-serial-pci", "virtserialport"};
  caps.accels = {"tcg"};
  if (with_kvm) caps.accels.insert("kvm");
  return caps;
}

inline void CheckGolden(const std::filesystem::path& golden, const std::string& actual) {
  if (std::getenv("MEMATTR_UPDATE_GOLDEN")) std::ofstream(golden) << actual;
  std::ifstream in(golden);
  ASSERT_TRUE(in) << golden << " missing (run with MEMATTR_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << golden;
}

}  // namespace memattr::host
