// UEFI through libvirt is pflash only (`-bios` with ACPI is refused): the image's QEMU_EFI.fd
// padded to the 64 MiB flash size as the read-only code, and a 64 MiB varstore per boot
// (all zero: the firmware formats it on first use).
//   Status s = WritePflashCode(image.firmware, results / "QEMU_EFI-pflash.raw");
//   Status v = WritePflashVars(results / "vars-1.fd");
#pragma once

#include <cstdint>
#include <filesystem>

#include "memattr/result.h"

namespace memattr::host {

inline constexpr std::uint64_t kPflashBytes = 64ull << 20;

// Copies `firmware` to `code` (sparse) and extends it to kPflashBytes; refuses a larger image.
Status WritePflashCode(const std::filesystem::path& firmware, const std::filesystem::path& code);
// A sparse kPflashBytes file of zeros.
Status WritePflashVars(const std::filesystem::path& vars);

}  // namespace memattr::host
