// The latency family's catalogue entry and its prepared kernel: one chase per thread,
// verified by walking the whole cycle and replaying the kernel's loads in C++.
#include "kernels/latency/latency_kernels.h"

#include <map>
#include <string>
#include <utility>

namespace memattr {
namespace {

constexpr std::size_t kSliceAlign = 64;  // cache line: slices share no line

struct alignas(128) ThreadChase {  // padded against false sharing
  std::span<std::byte> slice;
  Chase chase;
  void* position = nullptr;  // where the kernel's last call ended
  std::uint64_t loads = 0;   // loads done by the kernel so far
};

class LatencyPreparedKernel final : public PreparedKernel {
 public:
  LatencyPreparedKernel(std::string name, std::vector<ThreadChase> chases, std::size_t stride)
      : name_(std::move(name)), chases_(std::move(chases)), stride_(stride) {}

  void RunIteration(int t) override {
    ThreadChase& c = chases_[t];
    c.position = memattr_latency_chase(c.position, kChaseLoadsPerIteration);
    c.loads += kChaseLoadsPerIteration;
  }
  std::uint64_t BytesPerIteration() const override { return 0; }
  std::uint64_t ItemsPerIteration() const override { return kChaseLoadsPerIteration; }
  std::map<std::string, double> Facts() const override {
    double nodes = 0;
    for (const ThreadChase& c : chases_) nodes += static_cast<double>(c.chase.nodes);
    return {{"chase_nodes", nodes}, {"chase_stride_bytes", static_cast<double>(stride_)}};
  }
  std::string Label() const override { return "chase_stride_bytes=" + std::to_string(stride_); }
  Outcome Verify() override;
  // The cycle was checked in Prepare; here only the kernel's end node, replayed in C++.
  Outcome VerifyThread(int t) override { return VerifyPosition(t); }

 private:
  Outcome VerifyPosition(std::size_t t) const;

  std::string name_;
  std::vector<ThreadChase> chases_;
  std::size_t stride_;
};

Outcome LatencyPreparedKernel::VerifyPosition(std::size_t t) const {
  const ThreadChase& c = chases_[t];
  void* expected = ChaseStep(c.chase.start, c.loads % c.chase.nodes);
  if (expected == c.position) return Outcome::Ok();
  return Outcome::WrongData(reinterpret_cast<std::uintptr_t>(expected),
                            reinterpret_cast<std::uintptr_t>(c.position),
                            name_ + " thread " + std::to_string(t) + ": node after " +
                                std::to_string(c.loads) + " loads");
}

Outcome LatencyPreparedKernel::Verify() {
  for (std::size_t t = 0; t < chases_.size(); ++t) {
    const ThreadChase& c = chases_[t];
    if (Status s = CheckChaseCycle(c.slice, c.chase, stride_); !s)
      return Outcome::Failed(name_ + " thread " + std::to_string(t) + ": " + s.error().message);
    if (Outcome o = VerifyPosition(t); !o.ok()) return o;
  }
  return Outcome::Ok();
}

// Builds thread t's chase in its slice and reads it back; "" or why not.
std::string BuildThreadChase(const std::string& kernel, ThreadChase& c, int t, ChaseOptions o) {
  Result<Chase> chase = BuildChase(c.slice, o);
  if (!chase) return kernel + " thread " + std::to_string(t) + ": " + chase.error().message;
  // Read back before the kernel follows it: memory that does not keep what was written
  // (registers, a dead device) would send the kernel to a wild address.
  if (Status s = CheckChaseCycle(c.slice, *chase, o.stride_bytes); !s)
    return kernel + " thread " + std::to_string(t) +
           ": the region does not hold the chase written to it (not plain memory?): " +
           s.error().message;
  c.chase = *chase;
  c.position = chase->start;
  return "";
}

Result<std::vector<ThreadChase>> BuildChases(const KernelInfo& kernel, std::span<std::byte> ws,
                                             const PrepareOptions& options,
                                             const ChaseOptions& chase_options) {
  const auto threads = static_cast<std::size_t>(options.threads);
  const auto base = reinterpret_cast<std::uintptr_t>(ws.data());
  const std::size_t slack = (kSliceAlign - base % kSliceAlign) % kSliceAlign;
  // Every thread's slice holds at least two nodes, one per line (a cycle, not a self-loop).
  const std::size_t needed = slack + threads * 2 * chase_options.stride_bytes;
  if (ws.size() < needed)
    return Error{kernel.name + ": region of " + std::to_string(ws.size()) +
                 " bytes is too small for " + std::to_string(threads) +
                 " thread(s) (needs at least " + std::to_string(needed) + ": 2 nodes of " +
                 std::to_string(chase_options.stride_bytes) + " bytes per thread, +" +
                 std::to_string(slack) + " to align)"};
  ws = ws.subspan(slack);
  const std::size_t slice_bytes = ws.size() / threads / kSliceAlign * kSliceAlign;
  std::vector<ThreadChase> chases(threads);
  std::vector<std::string> errors(threads);
  for (std::size_t t = 0; t < threads; ++t)
    chases[t].slice = ws.subspan(t * slice_bytes, slice_bytes);
  // Each thread writes (first-touches) and checks its own slice, where it will chase it.
  ForEachThread(options, [&](int t) {
    ChaseOptions o = chase_options;
    o.seed = options.seed + static_cast<std::uint64_t>(t);
    errors[t] = BuildThreadChase(kernel.name, chases[t], t, o);
  });
  for (const std::string& e : errors)
    if (!e.empty()) return Error{e};
  return chases;
}

}  // namespace

const std::vector<KernelInfo>& LatencyKernels() {
  static const std::vector<KernelInfo> kernels = {
      KernelInfo{
          .name = "latency_chase",
          .symbol = "memattr_latency_chase",
          .description = "p = *p over a random single cycle, one node per stride (default "
                         "256 B, --chase-stride), TLB-locality groups of 256 KiB; one 8-byte "
                         "load per element",
          .family = KernelFamily::kLatency,
          .streams = 1,
          .element_bytes = 8,
          .bytes_loaded_per_element = 8,
          .bytes_stored_per_element = 0,
          .elements_per_loop = 8,
          .non_temporal_stores = false,
          .aarch64_instructions = {"ldr x"},
          .x86_64_instructions = {"mov"},
          .not_applicable_reason = "",
          .avx512_symbol = "",
          .avx512_instructions = {},
      },
  };
  return kernels;
}

Result<std::unique_ptr<PreparedKernel>> PrepareLatencyKernel(const KernelInfo& kernel,
                                                             std::span<std::byte> region,
                                                             const PrepareOptions& options) {
  if (kernel.family != KernelFamily::kLatency || kernel.symbol != "memattr_latency_chase")
    return Error{kernel.name + ": not a latency kernel"};
  if (options.threads < 1)
    return Error{kernel.name + ": threads must be >= 1, got " + std::to_string(options.threads)};
  if (options.working_set_bytes > region.size())
    return Error{kernel.name + ": working_set_bytes " + std::to_string(options.working_set_bytes) +
                 " exceeds the region's " + std::to_string(region.size()) + " bytes"};
  const std::span<std::byte> ws =
      options.working_set_bytes ? region.first(options.working_set_bytes) : region;
  const std::size_t stride = options.tuning.chase_stride_bytes;
  const std::size_t group = ChaseOptions{}.tlb_locality_bytes;
  const ChaseOptions chase_options{
      .stride_bytes = stride,
      .tlb_locality_bytes = stride > 0 && stride <= group ? group / stride * stride : 0};
  Result<std::vector<ThreadChase>> chases = BuildChases(kernel, ws, options, chase_options);
  if (!chases) return chases.error();
  return std::unique_ptr<PreparedKernel>(
      new LatencyPreparedKernel(kernel.name, std::move(*chases), chase_options.stride_bytes));
}

}  // namespace memattr
