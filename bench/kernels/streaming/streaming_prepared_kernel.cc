// PrepareStreamingKernel: lays out a streaming kernel's arrays in a region, initialises them,
// runs one thread's chunk per RunIteration() and checks the results exactly in Verify().
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/streaming/streaming_kernels.h"

namespace memattr {
namespace {

// The scale/triad factor and the fill value. Sources hold small integers, so every result
// is exact in double whether or not the kernel fuses multiply and add.
constexpr double kScalar = 3.0;
constexpr std::uint64_t kSentinel = 0xA5A5A5A5A5A5A5A5ull;  // dst before any run

double Src1Value(std::size_t i) { return static_cast<double>(i % 1021 + 1); }
double Src2Value(std::size_t i) { return static_cast<double>((i * 7) % 1009); }
std::uint64_t Bits(double d) { return std::bit_cast<std::uint64_t>(d); }

struct Layout {
  std::uint64_t* dst = nullptr;
  const std::uint64_t* src1 = nullptr;
  const std::uint64_t* src2 = nullptr;
  std::size_t chunk_elements = 0;  // per thread, per array
};

struct alignas(128) PerThread {  // padded against false sharing
  std::uint64_t runs = 0;
  std::uint64_t last_sum = 0;  // read kernels: the checksum the kernel returned
};

class StreamingPreparedKernel final : public PreparedKernel {
 public:
  StreamingPreparedKernel(const KernelInfo& info, StreamingKernelCode code,
                          SelectedStreamCode selected, Layout layout, int threads)
      : info_(info), code_(code), selected_(selected), layout_(layout), per_thread_(threads) {}

  void RunIteration(int t) override {
    const std::size_t off = static_cast<std::size_t>(t) * layout_.chunk_elements;
    PerThread& me = per_thread_[t];
    me.last_sum = selected_.fn(
        layout_.dst ? layout_.dst + off : nullptr, layout_.src1 ? layout_.src1 + off : nullptr,
        layout_.src2 ? layout_.src2 + off : nullptr, layout_.chunk_elements, kScalar);
    ++me.runs;
  }
  std::uint64_t BytesPerIteration() const override {
    return layout_.chunk_elements * info_.BytesPerElement();
  }
  std::uint64_t ItemsPerIteration() const override { return layout_.chunk_elements; }
  Outcome Verify() override;
  Outcome VerifyThread(int t) override {
    if (per_thread_[t].runs == 0) return Outcome::Skipped(info_.name + ": no iteration ran");
    return VerifyChunk(t);
  }
  std::string Label() const override { return std::string("isa=") + selected_.isa; }

 private:
  std::uint64_t Expected(std::size_t i) const;
  Outcome VerifyChunk(int t) const;

  KernelInfo info_;
  StreamingKernelCode code_;
  SelectedStreamCode selected_;
  Layout layout_;
  std::vector<PerThread> per_thread_;
};

std::uint64_t StreamingPreparedKernel::Expected(std::size_t i) const {
  const auto d = [](std::uint64_t bits) { return std::bit_cast<double>(bits); };
  switch (code_.op) {
    case StreamOp::kWrite:
      return Bits(kScalar);
    case StreamOp::kCopy:
      return layout_.src1[i];
    case StreamOp::kScale:
      return Bits(kScalar * d(layout_.src1[i]));
    case StreamOp::kAdd:
      return Bits(d(layout_.src1[i]) + d(layout_.src2[i]));
    case StreamOp::kTriad:
      return Bits(d(layout_.src1[i]) + kScalar * d(layout_.src2[i]));
    case StreamOp::kZero:
      return 0;
    case StreamOp::kRead:
      break;
  }
  return kSentinel;
}

Outcome StreamingPreparedKernel::VerifyChunk(int t) const {
  const std::size_t begin = static_cast<std::size_t>(t) * layout_.chunk_elements;
  const std::size_t end = begin + layout_.chunk_elements;
  if (code_.op == StreamOp::kRead) {
    std::uint64_t sum = 0;
    for (std::size_t i = begin; i < end; ++i) sum += layout_.src1[i];
    if (sum == per_thread_[t].last_sum) return Outcome::Ok();
    return Outcome::WrongData(
        sum, per_thread_[t].last_sum,
        info_.name + ": checksum of thread " + std::to_string(t) + "'s chunk");
  }
  for (std::size_t i = begin; i < end; ++i) {
    const std::uint64_t want = Expected(i);
    if (layout_.dst[i] != want)
      return Outcome::WrongData(
          want, layout_.dst[i],
          info_.name + ": element " + std::to_string(i) + " (thread " + std::to_string(t) + ")");
  }
  return Outcome::Ok();
}

Outcome StreamingPreparedKernel::Verify() {
  bool any_ran = false;
  for (int t = 0; t < static_cast<int>(per_thread_.size()); ++t) {
    if (per_thread_[t].runs == 0) continue;  // untouched chunks still hold the sentinel
    any_ran = true;
    Outcome o = VerifyChunk(t);
    if (!o.ok()) return o;
  }
  return any_ran ? Outcome::Ok() : Outcome::Skipped(info_.name + ": no iteration ran");
}

Status CheckCpu(const KernelInfo& kernel, StreamVariant variant) {
#if defined(__x86_64__)
  const bool vector = variant == StreamVariant::kSimd || variant == StreamVariant::kNonTemporal;
  if (vector && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")))
    return Error{kernel.name + ": this CPU lacks AVX2/FMA (cpuid)"};
#elif defined(__aarch64__)
  if (variant == StreamVariant::kZeroing && memattr_dc_zva_block_bytes() == 0)
    return Error{kernel.name + ": DC ZVA is prohibited (DCZID_EL0.DZP = 1)"};
#endif
  return OkStatus();
}

bool HasAvx512f() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512f");  // libgcc also checks the OS saves zmm state
#else
  return false;
#endif
}

// Initialises thread t's chunk of every array: what the kernel will read, and dst with a
// sentinel. Run on thread t, so its first touch places the pages where the kernel runs.
void InitialiseChunk(const Layout& layout, int t) {
  const std::size_t begin = static_cast<std::size_t>(t) * layout.chunk_elements;
  const std::size_t end = begin + layout.chunk_elements;
  if (layout.dst) std::fill(layout.dst + begin, layout.dst + end, kSentinel);
  auto* src1 = const_cast<std::uint64_t*>(layout.src1);
  auto* src2 = const_cast<std::uint64_t*>(layout.src2);
  for (std::size_t i = begin; src1 && i < end; ++i) src1[i] = Bits(Src1Value(i));
  for (std::size_t i = begin; src2 && i < end; ++i) src2[i] = Bits(Src2Value(i));
}

Result<Layout> MakeLayout(const KernelInfo& kernel, std::span<std::byte> region,
                          const PrepareOptions& options) {
  std::size_t usable = region.size();
  if (options.working_set_bytes > usable)
    return Error{kernel.name + ": working_set_bytes " + std::to_string(options.working_set_bytes) +
                 " exceeds the region's " + std::to_string(usable) + " bytes"};
  if (options.working_set_bytes != 0) usable = options.working_set_bytes;
  const auto base = reinterpret_cast<std::uintptr_t>(region.data());
  const std::uintptr_t aligned = (base + kStreamAlignBytes - 1) & ~(kStreamAlignBytes - 1);
  const std::size_t slack = aligned - base;
  const std::size_t granule = kStreamChunkBytes * static_cast<std::size_t>(options.threads);
  const std::size_t array_bytes =
      usable > slack ? (usable - slack) / kernel.streams / granule * granule : 0;
  if (array_bytes == 0)
    return Error{kernel.name + ": region of " + std::to_string(usable) +
                 " bytes is too small (needs at least " +
                 std::to_string(slack + kernel.streams * granule) + ": " +
                 std::to_string(kernel.streams) + " arrays x " + std::to_string(options.threads) +
                 " threads x " + std::to_string(kStreamChunkBytes) + " bytes, +" +
                 std::to_string(slack) + " to align)"};
  const std::size_t elements = array_bytes / 8;
  auto* arrays = reinterpret_cast<std::uint64_t*>(aligned);
  Layout layout{.chunk_elements = elements / static_cast<std::size_t>(options.threads)};
  if (kernel.bytes_stored_per_element == 0) {
    layout.src1 = arrays;  // read kernels: one source, no destination
  } else {
    layout.dst = arrays;
    if (kernel.streams >= 2) layout.src1 = arrays + elements;
    if (kernel.streams >= 3) layout.src2 = arrays + 2 * elements;
  }
  ForEachThread(options, [&layout](int t) { InitialiseChunk(layout, t); });
  return layout;
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareStreamingKernel(const KernelInfo& kernel,
                                                               std::span<std::byte> region,
                                                               const PrepareOptions& options) {
  const std::optional<StreamingKernelCode> code = FindStreamingKernelCode(kernel);
  if (!code) return Error{kernel.name + ": not a streaming kernel"};
  if (options.threads < 1)
    return Error{kernel.name + ": threads must be >= 1, got " + std::to_string(options.threads)};
  if (Status cpu = CheckCpu(kernel, code->variant); !cpu) return cpu.error();
  Result<Layout> layout = MakeLayout(kernel, region, options);
  if (!layout) return layout.error();
  const SelectedStreamCode selected = SelectStreamCode(
      *code, {.avx512f = HasAvx512f(), .prefer_avx512 = options.tuning.prefer_avx512});
  return std::unique_ptr<PreparedKernel>(
      new StreamingPreparedKernel(kernel, *code, selected, *layout, options.threads));
}

}  // namespace memattr
