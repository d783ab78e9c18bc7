// The streaming family's catalogue: one row per kernel (R2). Bytes per element are derived
// from the operation (loaded + stored, no write-allocate); instructions are what objdump must
// find in the kernel's symbol on each arch (kernel_instructions_test).
#include "kernels/streaming/streaming_kernels.h"

#include <iterator>
#include <string>

namespace memattr {
namespace {

struct OpTraits {
  StreamOp op;
  const char* name;
  const char* what;
  unsigned streams;
  unsigned loaded;  // bytes per element
  unsigned stored;
};

constexpr OpTraits kOps[] = {
    {StreamOp::kRead, "read", "sum += a[i] (64-bit wrapping checksum)", 1, 8, 0},
    {StreamOp::kWrite, "write", "a[i] = s (fill)", 1, 0, 8},
    {StreamOp::kCopy, "copy", "a[i] = b[i]", 2, 8, 8},
    {StreamOp::kScale, "scale", "a[i] = s * b[i], double", 2, 8, 8},
    {StreamOp::kAdd, "add", "a[i] = b[i] + c[i], double", 3, 16, 8},
    {StreamOp::kTriad, "triad", "a[i] = b[i] + s * c[i], double", 3, 16, 8},
    {StreamOp::kZero, "zero", "a[i] = 0", 1, 0, 8},
};

constexpr bool OpsInEnumOrder() {
  for (int i = 0; i < static_cast<int>(std::size(kOps)); ++i)
    if (static_cast<int>(kOps[i].op) != i) return false;
  return true;
}
static_assert(OpsInEnumOrder(), "kOps is indexed by StreamOp");

using Variant = StreamVariant;

struct Row {
  StreamOp op;
  Variant variant;
  MemattrStreamFn fn;
  std::vector<std::string> aarch64;
  std::vector<std::string> x86_64;
  MemattrStreamFn avx512_fn = nullptr;  // x86_64 only
  std::vector<std::string> avx512 = {};
};

#if defined(__x86_64__)
#define MEMATTR_AVX512(fn) fn
#else
#define MEMATTR_AVX512(fn) nullptr
#endif

const OpTraits& TraitsOf(StreamOp op) { return kOps[static_cast<int>(op)]; }  // same order

const char* Suffix(Variant v) {
  switch (v) {
    case Variant::kScalar:
      return "_scalar";
    case Variant::kSimd:
      return "_simd";
    case Variant::kNonTemporal:
      return "_nt";
    case Variant::kZeroing:
      return "";
  }
  return "?";
}

const char* VariantText(Variant v) {
  switch (v) {
    case Variant::kScalar:
      return "scalar 64-bit registers";
    case Variant::kSimd:
      return "SIMD (NEON q / AVX2 ymm)";
    case Variant::kNonTemporal:
      return "SIMD, non-temporal loads and stores (LDNP/STNP; "
             "VMOVNTDQA/VMOVNT* + SFENCE)";
    case Variant::kZeroing:
      return "cache-line zeroing (DC ZVA / REP STOSB)";
  }
  return "?";
}

// Unroll width: 8 elements (one 64-byte line) scalar, 16 (two lines) SIMD/NT, 512 (4 KiB) zero;
// vector copies work on 8 KiB blocks (x86_64: two 4 KiB pages interleaved; arm64's 16 divides it).
unsigned ElementsPerLoop(StreamOp op, Variant v) {
  if (v == Variant::kScalar) return 8;
  if (v == Variant::kZeroing) return 512;
  return op == StreamOp::kCopy ? 1024 : 16;
}

// The table itself: what each kernel does and which instructions prove it.
const std::vector<Row>& Rows() {
  using S = StreamOp;
  using V = Variant;
  // clang-format off
  static const std::vector<Row> rows = {
      {S::kRead, V::kScalar, memattr_stream_read_scalar, {"ldp x", "add x"}, {"add"}},
      {S::kRead, V::kSimd, memattr_stream_read_simd, {"ldp q", "add v"}, {"vpaddq"}},
      {S::kRead, V::kNonTemporal, memattr_stream_read_nt, {"ldnp q", "add v"},
       {"vmovntdqa", "vpaddq"}},
      {S::kWrite, V::kScalar, memattr_stream_write_scalar, {"stp x"}, {"mov"}},
      {S::kWrite, V::kSimd, memattr_stream_write_simd, {"stp q"}, {"vmovupd"}},
      {S::kWrite, V::kNonTemporal, memattr_stream_write_nt, {"stnp q"},
       {"vmovntpd", "sfence"}, MEMATTR_AVX512(memattr_stream_write_nt_avx512),
       {"vmovntpd %zmm", "sfence"}},
      {S::kCopy, V::kScalar, memattr_stream_copy_scalar, {"ldp x", "stp x"}, {"mov"}},
      {S::kCopy, V::kSimd, memattr_stream_copy_simd, {"ldp q", "stp q"}, {"vmovdqu"}},
      {S::kCopy, V::kNonTemporal, memattr_stream_copy_nt, {"ldnp q", "stnp q"},
       {"vmovntdqa", "vmovntdq", "sfence"}, MEMATTR_AVX512(memattr_stream_copy_nt_avx512),
       {"vmovntdqa", "vmovntdq %zmm", "sfence"}},
      {S::kScale, V::kScalar, memattr_stream_scale_scalar, {"ldp d", "fmul d", "stp d"},
       {"movsd", "mulsd"}},
      {S::kScale, V::kSimd, memattr_stream_scale_simd, {"ldp q", "fmul v", "stp q"},
       {"vmulpd", "vmovupd"}},
      {S::kScale, V::kNonTemporal, memattr_stream_scale_nt, {"ldnp q", "fmul v", "stnp q"},
       {"vmovntdqa", "vmulpd", "vmovntpd", "sfence"}},
      {S::kAdd, V::kScalar, memattr_stream_add_scalar, {"ldp d", "fadd d", "stp d"},
       {"movsd", "addsd"}},
      {S::kAdd, V::kSimd, memattr_stream_add_simd, {"ldp q", "fadd v", "stp q"},
       {"vaddpd", "vmovupd"}},
      {S::kAdd, V::kNonTemporal, memattr_stream_add_nt, {"ldnp q", "fadd v", "stnp q"},
       {"vmovntdqa", "vaddpd", "vmovntpd", "sfence"}},
      {S::kTriad, V::kScalar, memattr_stream_triad_scalar, {"ldp d", "fmadd d", "stp d"},
       {"movsd", "mulsd", "addsd"}},
      {S::kTriad, V::kSimd, memattr_stream_triad_simd, {"ldp q", "fmla v", "stp q"},
       {"vfmadd231pd", "vmovupd"}},
      {S::kTriad, V::kNonTemporal, memattr_stream_triad_nt, {"ldnp q", "fmla v", "stnp q"},
       {"vmovntdqa", "vfmadd231pd", "vmovntpd", "sfence"},
       MEMATTR_AVX512(memattr_stream_triad_nt_avx512),
       {"vmovntdqa", "vfmadd231pd %zmm", "vmovntpd %zmm", "sfence"}},
      {S::kZero, V::kZeroing, memattr_stream_zero, {"dc zva"}, {"rep stos"}},
  };
  // clang-format on
  return rows;
}

KernelInfo MakeInfo(const Row& row) {
  const OpTraits& t = TraitsOf(row.op);
  const std::string name = std::string("stream_") + t.name + Suffix(row.variant);
  return KernelInfo{
      .name = name,
      .symbol = "memattr_" + name,
      .description = std::string(t.what) + "; " + VariantText(row.variant) +
                     "; bytes = loaded + stored, no write-allocate",
      .family = KernelFamily::kStreaming,
      .streams = t.streams,
      .element_bytes = 8,
      .bytes_loaded_per_element = t.loaded,
      .bytes_stored_per_element = t.stored,
      .elements_per_loop = ElementsPerLoop(row.op, row.variant),
      .non_temporal_stores = row.variant == Variant::kNonTemporal && t.stored > 0,
      .aarch64_instructions = row.aarch64,
      .x86_64_instructions = row.x86_64,
      .not_applicable_reason = "",
      .avx512_symbol = row.avx512.empty() ? "" : "memattr_" + name + "_avx512",
      .avx512_instructions = row.avx512,
  };
}

const Row* FindRow(const KernelInfo& kernel) {
  const std::vector<KernelInfo>& infos = StreamingKernels();
  for (std::size_t i = 0; i < infos.size(); ++i)
    if (infos[i].name == kernel.name) return &Rows()[i];
  return nullptr;
}

}  // namespace

const std::vector<KernelInfo>& StreamingKernels() {
  static const std::vector<KernelInfo> kernels = [] {
    std::vector<KernelInfo> out;
    for (const Row& row : Rows()) out.push_back(MakeInfo(row));
    return out;
  }();
  return kernels;
}

std::optional<StreamingKernelCode> FindStreamingKernelCode(const KernelInfo& kernel) {
  const Row* row = FindRow(kernel);
  if (row == nullptr) return std::nullopt;
  return StreamingKernelCode{row->op, row->variant, row->fn, row->avx512_fn};
}

SelectedStreamCode SelectStreamCode(const StreamingKernelCode& code, const StreamIsaSupport& cpu) {
  if (code.avx512_fn != nullptr && cpu.avx512f && cpu.prefer_avx512)
    return {code.avx512_fn, "avx512"};
  const bool x86 = ThisArch() == Arch::kX86_64;
  switch (code.variant) {
    case Variant::kScalar:
      return {code.fn, "scalar"};
    case Variant::kSimd:
    case Variant::kNonTemporal:
      return {code.fn, x86 ? "avx2" : "neon"};
    case Variant::kZeroing:
      return {code.fn, x86 ? "rep-stosb" : "dc-zva"};
  }
  return {code.fn, "?"};
}

}  // namespace memattr
