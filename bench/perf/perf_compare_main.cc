// memattr-perf-compare: the hand-written kernels against their in-process peers on anonymous
// Normal-WB memory, in one run (issues 4 and 19): STREAM's kernels as STREAM writes them (plain
// C loops, -O3 -march=native), glibc memcpy/memset; triad, copy, fill, zero at 1 and 2 threads;
// the pointer chase (256-byte stride) at 1 GiB and 16 KiB vs a C loop over the same permutation;
// atomic add vs the compiler's lock xadd. bench/perf/peer_compare.py runs it in rounds
// interleaved with likwid-bench and multichase (where installed) and prints the ratio table.
// Compare medians of the same run (e.g. --benchmark_repetitions=5
// --benchmark_enable_random_interleaving=true). Own flag: --memattr_array_mib=N (default 1024,
// the size of each streaming array; keep it >= 4x the last-level cache).
#include <benchmark/benchmark.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "kernels/latency/latency_kernels.h"
#include "kernels/streaming/streaming_kernels.h"
#include "memattr/protocol/context_keys.h"
#include "perf/plain_c_kernels.h"

namespace memattr {
namespace {

std::size_t g_array_bytes = std::size_t{1024} << 20;

// Anonymous private memory: Normal-WB on arm64, WB on x86_64. Never unmapped (process-long).
std::byte* MapAnonymous(std::size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    std::perror("memattr-perf-compare: mmap");  // main-level tool: no caller to return to
    std::exit(1);
  }
  return static_cast<std::byte*>(p);
}

// Three arrays of g_array_bytes each (a = destination, b, c sources), initialised once.
struct StreamArrays {
  double* a;
  double* b;
  double* c;
  std::size_t n;
};

const StreamArrays& Arrays() {
  static const StreamArrays arrays = [] {
    std::byte* base = MapAnonymous(3 * g_array_bytes);
    const std::size_t n = g_array_bytes / sizeof(double);
    auto* d = reinterpret_cast<double*>(base);
    for (std::size_t i = 0; i < 3 * n; ++i) d[i] = static_cast<double>(i % 1000);
    return StreamArrays{d, d + n, d + 2 * n, n};
  }();
  return arrays;
}

// This thread's disjoint chunk: [first, first + count), a multiple of kStreamChunkBytes.
struct Chunk {
  std::size_t first;
  std::size_t count;
};
Chunk ThreadChunk(const benchmark::State& state, std::size_t n) {
  const std::size_t granule = kStreamChunkBytes / sizeof(double);
  const std::size_t count = n / state.threads() / granule * granule;
  return {state.thread_index() * count, count};
}

void SetStreamCounters(benchmark::State& state, std::size_t elements, unsigned bytes_per_element) {
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * elements * bytes_per_element));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * elements));
}

// --- triad: a = b + s * c; 24 bytes per element (no write-allocate) ---
void BM_TriadMemattr(benchmark::State& state, MemattrStreamFn fn) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) fn(s.a + ch.first, s.b + ch.first, s.c + ch.first, ch.count, 3.0);
  SetStreamCounters(state, ch.count, 24);
}
void BM_TriadPlainC(benchmark::State& state) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state)
    memattr_plain_triad(s.a + ch.first, s.b + ch.first, s.c + ch.first, 3.0, ch.count);
  SetStreamCounters(state, ch.count, 24);
}

// --- copy: a = b; 16 bytes per element ---
void BM_CopyMemattr(benchmark::State& state, MemattrStreamFn fn) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) fn(s.a + ch.first, s.b + ch.first, nullptr, ch.count, 0.0);
  SetStreamCounters(state, ch.count, 16);
}
void BM_CopyPlainC(benchmark::State& state) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) memattr_plain_copy(s.a + ch.first, s.b + ch.first, ch.count);
  SetStreamCounters(state, ch.count, 16);
}
void BM_CopyGlibcMemcpy(benchmark::State& state) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) std::memcpy(s.a + ch.first, s.b + ch.first, ch.count * sizeof(double));
  SetStreamCounters(state, ch.count, 16);
}

// --- fill: a = s; 8 bytes per element ---
void BM_FillMemattr(benchmark::State& state, MemattrStreamFn fn) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) fn(s.a + ch.first, nullptr, nullptr, ch.count, 3.0);
  SetStreamCounters(state, ch.count, 8);
}
void BM_FillPlainC(benchmark::State& state) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) memattr_plain_fill(s.a + ch.first, 3.0, ch.count);
  SetStreamCounters(state, ch.count, 8);
}

// --- zero: a = 0; 8 bytes per element ---
void BM_ZeroMemattr(benchmark::State& state) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) memattr_stream_zero(s.a + ch.first, nullptr, nullptr, ch.count, 0.0);
  SetStreamCounters(state, ch.count, 8);
}
void BM_GlibcMemset(benchmark::State& state, int byte) {
  const StreamArrays& s = Arrays();
  const Chunk ch = ThreadChunk(state, s.n);
  for (auto _ : state) {
    std::memset(s.a + ch.first, byte, ch.count * sizeof(double));
    benchmark::ClobberMemory();
  }
  SetStreamCounters(state, ch.count, 8);
}

// --- pointer chase: one permutation per working set, shared by both chasers ---
// Each run starts at the cycle's start, so both chasers walk the same nodes in the same order:
// at 1 GiB a run covers only part of the cycle, and different parts differ in TLB cost.
const Chase& ChaseFor(std::size_t bytes) {
  static Chase big{}, small{};
  Chase& chase = bytes > (1 << 20) ? big : small;
  if (chase.start != nullptr) return chase;
  // multichase's default stride (and memattr-bench's): the next-line prefetcher cannot help.
  Result<Chase> built = BuildChase({MapAnonymous(bytes), bytes},
                                   {.stride_bytes = kDefaultChaseStrideBytes, .seed = 1});
  if (!built) {
    std::fprintf(stderr, "memattr-perf-compare: %s\n", built.error().message.c_str());
    std::exit(1);
  }
  chase = *built;
  return chase;
}

void SetChaseCounters(benchmark::State& state) {
  const double loads = static_cast<double>(kChaseLoadsPerIteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kChaseLoadsPerIteration));
  // Seconds per load (printed as e.g. "92.1ns"): the counter divides, not we (R6).
  state.counters["time_per_load"] = benchmark::Counter(
      loads, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
void BM_ChaseMemattr(benchmark::State& state, std::size_t bytes) {
  void* position = ChaseFor(bytes).start;
  for (auto _ : state) position = memattr_latency_chase(position, kChaseLoadsPerIteration);
  benchmark::DoNotOptimize(position);
  SetChaseCounters(state);
}
void BM_ChasePlainC(benchmark::State& state, std::size_t bytes) {
  void* position = ChaseFor(bytes).start;
  for (auto _ : state) position = memattr_plain_chase(position, kChaseLoadsPerIteration);
  benchmark::DoNotOptimize(position);
  SetChaseCounters(state);
}

bool HasAvx512f() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

// name/memattr_<variant> for each memattr kernel of `op` (the AVX-512 one where cpuid has it).
template <typename Bm>
void RegisterMemattr(const char* op, Bm bm, MemattrStreamFn simd, MemattrStreamFn nt,
                     MemattrStreamFn nt_avx512, int threads) {
  using benchmark::RegisterBenchmark;
  const std::string prefix = std::string(op) + "/memattr_";
  RegisterBenchmark((prefix + "simd").c_str(), bm, simd)->Threads(threads)->UseRealTime();
  RegisterBenchmark((prefix + "nt").c_str(), bm, nt)->Threads(threads)->UseRealTime();
  if (nt_avx512 != nullptr && HasAvx512f())
    RegisterBenchmark((prefix + "nt_avx512").c_str(), bm, nt_avx512)
        ->Threads(threads)
        ->UseRealTime();
}

#if defined(__x86_64__)
#define MEMATTR_AVX512(fn) fn
#else
#define MEMATTR_AVX512(fn) nullptr
#endif

// STREAM's kernels as STREAM writes them (plain C loops, -O3) and glibc are the in-process
// peers; names are op/peer (see bench/perf/peer_compare.py, which reads them).
void RegisterAll() {
  using benchmark::RegisterBenchmark;
  for (int threads : {1, 2}) {
    RegisterMemattr("triad", BM_TriadMemattr, memattr_stream_triad_simd, memattr_stream_triad_nt,
                    MEMATTR_AVX512(memattr_stream_triad_nt_avx512), threads);
    RegisterBenchmark("triad/stream_c", BM_TriadPlainC)->Threads(threads)->UseRealTime();
    RegisterMemattr("copy", BM_CopyMemattr, memattr_stream_copy_simd, memattr_stream_copy_nt,
                    MEMATTR_AVX512(memattr_stream_copy_nt_avx512), threads);
    RegisterBenchmark("copy/stream_c", BM_CopyPlainC)->Threads(threads)->UseRealTime();
    RegisterBenchmark("copy/glibc_memcpy", BM_CopyGlibcMemcpy)->Threads(threads)->UseRealTime();
    RegisterMemattr("fill", BM_FillMemattr, memattr_stream_write_simd, memattr_stream_write_nt,
                    MEMATTR_AVX512(memattr_stream_write_nt_avx512), threads);
    RegisterBenchmark("fill/stream_c", BM_FillPlainC)->Threads(threads)->UseRealTime();
    RegisterBenchmark("fill/glibc_memset", BM_GlibcMemset, 0x55)->Threads(threads)->UseRealTime();
    RegisterBenchmark("zero/memattr", BM_ZeroMemattr)->Threads(threads)->UseRealTime();
    RegisterBenchmark("zero/glibc_memset", BM_GlibcMemset, 0)->Threads(threads)->UseRealTime();
  }
  for (std::size_t bytes : {std::size_t{1} << 30, std::size_t{16} << 10}) {
    const std::string ws = bytes > (1 << 20) ? "1GiB" : "16KiB";
    RegisterBenchmark(("chase/ws:" + ws + "/memattr").c_str(), BM_ChaseMemattr, bytes)
        ->UseRealTime();
    RegisterBenchmark(("chase/ws:" + ws + "/c_loop").c_str(), BM_ChasePlainC, bytes)->UseRealTime();
  }
}

std::string ReadLine(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line.empty() ? "unavailable" : line;
}

// Consumes --memattr_array_mib=N from argv (before benchmark sees the flags).
void ParseOwnFlags(int* argc, char** argv) {
  const std::string flag = "--memattr_array_mib=";
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    if (std::strncmp(argv[i], flag.c_str(), flag.size()) == 0)
      g_array_bytes = std::strtoull(argv[i] + flag.size(), nullptr, 10) << 20;
    else
      argv[out++] = argv[i];
  }
  *argc = out;
}

}  // namespace
}  // namespace memattr

int main(int argc, char** argv) {
  memattr::ParseOwnFlags(&argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext(memattr::protocol::context_keys::kArch,
                              memattr::ToString(memattr::ThisArch()));
  benchmark::AddCustomContext(memattr::protocol::context_keys::kMemory,
                              "anonymous MAP_PRIVATE, normal-wb");
  benchmark::AddCustomContext(memattr::protocol::context_keys::kArrayBytes,
                              std::to_string(memattr::g_array_bytes));
  benchmark::AddCustomContext(memattr::protocol::context_keys::kLlcBytes,
                              std::to_string(::sysconf(_SC_LEVEL3_CACHE_SIZE)));
  benchmark::AddCustomContext(memattr::protocol::context_keys::kThp,
                              memattr::ReadLine("/sys/kernel/mm/transparent_hugepage/enabled"));
  memattr::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
