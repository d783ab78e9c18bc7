#include "tools/kernel_table.h"

#include <algorithm>
#include <cstdio>

namespace memattr {
namespace {

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

std::string Instructions(const KernelInfo& k, Arch arch) {
  if (k.AvailableOn(arch)) return Join(k.InstructionsFor(arch), " ");
  return "n/a: " + (k.not_applicable_reason.empty() ? std::string("not built for this arch")
                                                    : k.not_applicable_reason);
}

std::string Row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line += std::string(widths[i] - cells[i].size() + 2, ' ');
  }
  return line + "\n";
}

std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) out += Row(row, widths);
  return out;
}

std::string BytesPerElement(const KernelInfo& k) {
  return std::to_string(k.BytesPerElement()) + " (" + std::to_string(k.bytes_loaded_per_element) +
         "+" + std::to_string(k.bytes_stored_per_element) + ")";
}

}  // namespace

std::string KernelTable(const std::vector<KernelInfo>& kernels,
                        const std::vector<ProbeInfo>& probes, Arch arch) {
  std::vector<std::vector<std::string>> rows = {
      {"KERNEL", "FAMILY", "BYTES/ELEM (LD+ST)", "NT",
       std::string("INSTRUCTIONS (") + ToString(arch) + ")"}};
  for (const KernelInfo& k : kernels) {
    rows.push_back({k.name, std::string(ToString(k.family)), BytesPerElement(k),
                    k.non_temporal_stores ? "yes" : "no", Instructions(k, arch)});
  }
  std::vector<std::vector<std::string>> probe_rows = {{"PROBE", "AVAILABLE", "DESCRIPTION"}};
  for (const ProbeInfo& p : probes) {
    const bool here = arch == Arch::kAarch64 || p.available_on_x86_64;
    probe_rows.push_back({p.name, here ? "yes" : "n/a: " + p.not_applicable_reason, p.description});
  }
  return Table(rows) + "\n" + Table(probe_rows);
}

std::string DescribeKernel(const KernelInfo& k) {
  auto line = [](const char* key, const std::string& value) {
    return std::string(key) + ": " + value + "\n";
  };
  return line("name", k.name) + line("symbol", k.symbol) + line("description", k.description) +
         line("family", std::string(ToString(k.family))) +
         line("streams", std::to_string(k.streams)) +
         line("element_bytes", std::to_string(k.element_bytes)) +
         line("bytes_loaded_per_element", std::to_string(k.bytes_loaded_per_element)) +
         line("bytes_stored_per_element", std::to_string(k.bytes_stored_per_element)) +
         line("elements_per_loop", std::to_string(k.elements_per_loop)) +
         line("non_temporal_stores", k.non_temporal_stores ? "yes" : "no") +
         line("aarch64_instructions", Join(k.aarch64_instructions, " ")) +
         line("x86_64_instructions", Join(k.x86_64_instructions, " ")) +
         line("not_applicable_reason", k.not_applicable_reason);
}

}  // namespace memattr
