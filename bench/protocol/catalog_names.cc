// Kernel and probe names without their code (memattr/catalog_names.h). A kernel or probe added
// to its catalogue and not here fails kernel_catalog_test.
#include "memattr/catalog_names.h"

#include <array>

namespace memattr {

std::span<const std::string_view> KernelNames() {
  static constexpr std::array<std::string_view, 31> kNames = {"stream_read_scalar",
                                                              "stream_read_simd",
                                                              "stream_read_nt",
                                                              "stream_write_scalar",
                                                              "stream_write_simd",
                                                              "stream_write_nt",
                                                              "stream_copy_scalar",
                                                              "stream_copy_simd",
                                                              "stream_copy_nt",
                                                              "stream_scale_scalar",
                                                              "stream_scale_simd",
                                                              "stream_scale_nt",
                                                              "stream_add_scalar",
                                                              "stream_add_simd",
                                                              "stream_add_nt",
                                                              "stream_triad_scalar",
                                                              "stream_triad_simd",
                                                              "stream_triad_nt",
                                                              "stream_zero",
                                                              "latency_chase",
                                                              "atomic_fetch_add_contended",
                                                              "atomic_fetch_add_padded",
                                                              "atomic_store_add_contended",
                                                              "atomic_store_add_padded",
                                                              "atomic_cas_contended",
                                                              "atomic_cas_padded",
                                                              "atomic_swap_contended",
                                                              "atomic_swap_padded",
                                                              "exclusive_increment",
                                                              "exclusive_increment_acqrel",
                                                              "exclusive_pair_increment"};
  return kNames;
}

std::span<const std::string_view> ProbeNames() {
  static constexpr std::array<std::string_view, 10> kNames = {
      "unaligned_load_8", "unaligned_store_8",  "unaligned_load_16", "unaligned_store_16",
      "dc_zva",           "glibc_memset",       "glibc_memcpy",      "exclusive_loop",
      "lse_atomics",      "atomicity_contended"};
  return kNames;
}

}  // namespace memattr
