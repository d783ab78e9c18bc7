// Streaming (bandwidth) kernels, STREAM-style: read (sum), write (fill), copy, scale, add,
// triad, each as scalar, SIMD and non-temporal variants, plus zeroing (DC ZVA / REP STOSB).
// One hand-written .S per kernel per arch (aarch64/, x86_64/), all with one signature.
//   const KernelInfo& k = *FindKernel("stream_triad_simd");
//   auto prepared = PrepareStreamingKernel(k, region.bytes(), {.threads = 2});
//   (*prepared)->RunIteration(thread_index);   // one pass over this thread's chunk
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"
#include "memattr/result.h"

extern "C" {
// Every streaming kernel has this signature (aarch64: x0..x3, d0; x86_64: rdi, rsi, rdx,
// rcx, xmm0). Arrays hold n 8-byte elements; unused pointers may be null.
// REQUIRES: dst/src1/src2 4096-byte aligned, n > 0 and a multiple of 1024 (8 KiB per array:
//           two 4 KiB pages, which covers every kernel's elements_per_loop, the x86_64 copy
//           kernels' two interleaved pages and any DC ZVA block).
// read:  returns the wrapping 64-bit sum of the words of src1 (a checksum; order-free).
// write: dst[i] = scalar.          copy:  dst[i] = src1[i].
// scale: dst[i] = scalar * src1[i].  add: dst[i] = src1[i] + src2[i].
// triad: dst[i] = src1[i] + scalar * src2[i].   zero: dst[i] = 0.
// All but read return 0.
using MemattrStreamFn = std::uint64_t (*)(void* dst, const void* src1, const void* src2,
                                          std::size_t n, double scalar);
#define MEMATTR_STREAM_KERNEL(name)                                                          \
  std::uint64_t memattr_##name(void* dst, const void* src1, const void* src2, std::size_t n, \
                               double scalar)
MEMATTR_STREAM_KERNEL(stream_read_scalar);
MEMATTR_STREAM_KERNEL(stream_read_simd);
MEMATTR_STREAM_KERNEL(stream_read_nt);
MEMATTR_STREAM_KERNEL(stream_write_scalar);
MEMATTR_STREAM_KERNEL(stream_write_simd);
MEMATTR_STREAM_KERNEL(stream_write_nt);
MEMATTR_STREAM_KERNEL(stream_copy_scalar);
MEMATTR_STREAM_KERNEL(stream_copy_simd);
MEMATTR_STREAM_KERNEL(stream_copy_nt);
MEMATTR_STREAM_KERNEL(stream_scale_scalar);
MEMATTR_STREAM_KERNEL(stream_scale_simd);
MEMATTR_STREAM_KERNEL(stream_scale_nt);
MEMATTR_STREAM_KERNEL(stream_add_scalar);
MEMATTR_STREAM_KERNEL(stream_add_simd);
MEMATTR_STREAM_KERNEL(stream_add_nt);
MEMATTR_STREAM_KERNEL(stream_triad_scalar);
MEMATTR_STREAM_KERNEL(stream_triad_simd);
MEMATTR_STREAM_KERNEL(stream_triad_nt);
MEMATTR_STREAM_KERNEL(stream_zero);
#if defined(__x86_64__)
// AVX-512F variants (same contract), chosen at run time by cpuid.
MEMATTR_STREAM_KERNEL(stream_copy_nt_avx512);
MEMATTR_STREAM_KERNEL(stream_triad_nt_avx512);
MEMATTR_STREAM_KERNEL(stream_write_nt_avx512);
#endif
#undef MEMATTR_STREAM_KERNEL
#if defined(__aarch64__)
// DC ZVA block size in bytes from DCZID_EL0, or 0 when DC ZVA is prohibited (DZP set).
std::uint64_t memattr_dc_zva_block_bytes();
#endif
}

namespace memattr {

// Every streaming kernel's array alignment, and the granule of a thread's chunk (REQUIRES).
inline constexpr std::size_t kStreamAlignBytes = 4096;
inline constexpr std::size_t kStreamChunkBytes = 2 * kStreamAlignBytes;

enum class StreamOp { kRead, kWrite, kCopy, kScale, kAdd, kTriad, kZero };
// x86_64: kSimd and kNonTemporal need AVX2 and FMA; aarch64: kZeroing needs DC ZVA allowed.
enum class StreamVariant { kScalar, kSimd, kNonTemporal, kZeroing };

// The streaming family's catalogue entries, in a stable order.
const std::vector<KernelInfo>& StreamingKernels();
// What a streaming kernel runs: its operation and this arch's entry point(s).
struct StreamingKernelCode {
  StreamOp op;
  StreamVariant variant;
  MemattrStreamFn fn;
  MemattrStreamFn avx512_fn = nullptr;  // x86_64: the zmm variant, if the kernel has one
};
// nullopt if `kernel` (matched by name) is not a streaming kernel.
std::optional<StreamingKernelCode> FindStreamingKernelCode(const KernelInfo& kernel);

// The instruction set a prepared streaming kernel runs: "scalar", "avx2", "avx512", "neon",
// "rep-stosb" or "dc-zva" (recorded in the benchmark label as isa=...).
struct SelectedStreamCode {
  MemattrStreamFn fn;
  const char* isa;
};
// What the CPU offers, for the choice below (cpuid; tests pass their own).
struct StreamIsaSupport {
  bool avx512f = false;
  bool prefer_avx512 = true;  // KernelTuning::prefer_avx512
};
// The AVX-512 variant when the kernel has one, the CPU has AVX512F and it is preferred; the
// kernel's own code otherwise.
SelectedStreamCode SelectStreamCode(const StreamingKernelCode& code, const StreamIsaSupport& cpu);

// Lays out kernel.streams arrays in `region` (or its first options.working_set_bytes),
// initialises every element (old contents are not trusted) and splits each array into
// `options.threads` disjoint chunks of whole kStreamChunkBytes (8 KiB) granules.
// One RunIteration(t) = one pass over chunk t. Errors: not a streaming kernel, threads < 1, region
// too small, CPU lacks the instructions (x86_64: AVX2/FMA; aarch64: DC ZVA prohibited). Each names
// the kernel.
Result<std::unique_ptr<PreparedKernel>> PrepareStreamingKernel(const KernelInfo& kernel,
                                                               std::span<std::byte> region,
                                                               const PrepareOptions& options);

}  // namespace memattr
