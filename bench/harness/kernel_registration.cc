#include "harness/kernel_registration.h"

#include <map>
#include <optional>
#include <utility>

#include "harness/pinned_fan_out.h"

namespace memattr {
namespace {

using benchmark::Counter;

const char* TimePerItemCounter(KernelFamily family) {
  switch (family) {
    case KernelFamily::kLatency:
      return "ns_per_load";
    case KernelFamily::kAtomic:
    case KernelFamily::kExclusive:
      return "ns_per_op";
    case KernelFamily::kStreaming:
      return nullptr;
  }
  return nullptr;
}

// Per thread; Google Benchmark sums the threads' counters before applying the flags.
void SetRates(benchmark::State& state, const PreparedKernel& kernel, KernelFamily family) {
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  const auto bytes = static_cast<std::int64_t>(kernel.BytesPerIteration());
  const auto items = static_cast<std::int64_t>(kernel.ItemsPerIteration());
  if (bytes > 0) state.SetBytesProcessed(iterations * bytes);
  if (items > 0) state.SetItemsProcessed(iterations * items);
  const char* per_item = TimePerItemCounter(family);
  if (per_item == nullptr || items == 0) return;
  // sum(items) * 1e-9 / seconds / threads, inverted: nanoseconds per item on one thread.
  state.counters[per_item] = Counter(static_cast<double>(iterations * items) * 1e-9,
                                     Counter::kIsRate | Counter::kAvgThreads | Counter::kInvert);
}

void SetTotals(benchmark::State& state, const std::map<std::string, double>& before,
               const std::map<std::string, double>& after) {
  for (const auto& [key, value] : after) {
    auto it = before.find(key);
    const double delta = value - (it == before.end() ? 0.0 : it->second);
    state.counters[key] = Counter(delta, Counter::kAvgIterations);
  }
}

void SetFacts(benchmark::State& state, const std::map<std::string, double>& facts) {
  for (const auto& [key, value] : facts) state.counters[key] = Counter(value);
}

void SetPerfCounters(benchmark::State& state, const CounterValues& values) {
  for (const auto& [name, value] : values) {
    state.counters[name] = Counter(value, Counter::kAvgIterations);
  }
}

// A failed pin ends the run with its reason: an unpinned result would pass for a pinned one.
std::optional<PinGuard> Pin(benchmark::State& state, const ThreadPinner* pinner) {
  if (pinner == nullptr) return std::nullopt;
  Result<PinGuard> pin = pinner->PinCurrentThread(state.thread_index());
  if (pin) return std::move(*pin);
  state.SkipWithError(pin.error().message.c_str());
  return std::nullopt;
}

std::string Label(const BenchmarkPlanEntry& e, const PreparedKernel* kernel) {
  std::string label = "region_kind=" + e.region_kind + ",working_set_bytes=" +
                      std::to_string(e.working_set_bytes ? e.working_set_bytes : e.memory.size());
  const std::string what_ran = kernel != nullptr ? kernel->Label() : "";
  return what_ran.empty() ? label : label + "," + what_ran;
}

}  // namespace

PlanRunner::PlanRunner(std::vector<BenchmarkPlanEntry> entries, RunnerOptions options)
    : entries_(std::move(entries)), options_(std::move(options)) {}

void PlanRunner::RegisterAll() {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    benchmark::RegisterBenchmark(entries_[i].FamilyName().c_str(),
                                 [this, i](benchmark::State& state) { Run(state, i); })
        ->Threads(entries_[i].threads)
        ->UseRealTime();
  }
}

void PlanRunner::Activate(std::size_t index) {
  if (index == active_index_) return;
  active_.reset();  // release the previous layout before laying out the next one
  active_error_.clear();
  active_index_ = index;
  const BenchmarkPlanEntry& e = entries_[index];
  if (!options_.prepare) {
    active_error_ = "prepare: no KernelPreparer given to PlanRunner";
    return;
  }
  PrepareOptions options{e.threads, e.working_set_bytes, e.seed, e.tuning,
                         PinnedFanOut(options_.pinner)};
  active_verified_ = false;
  auto prepared = options_.prepare(*e.kernel, e.memory, options);
  if (!prepared) {
    active_error_ = "prepare " + e.kernel->name + " on region '" + e.region_name +
                    "': " + prepared.error().message;
    return;
  }
  active_ = std::move(*prepared);
}

PreparedKernel* PlanRunner::Active(std::size_t index) const {
  return index == active_index_ ? active_.get() : nullptr;
}

void PlanRunner::Run(benchmark::State& state, std::size_t index) {
  const int thread = state.thread_index();
  const std::optional<PinGuard> pin = Pin(state, options_.pinner);
  std::map<std::string, double> before;
  if (thread == 0) {
    Activate(index);
    if (Active(index) == nullptr) state.SkipWithError(active_error_.c_str());
    if (Active(index) != nullptr) before = Active(index)->Totals();
    // Read by every thread after the loop; written here, before the start barrier.
    verify_this_run_ = !active_verified_;
    active_verified_ = true;
    state.SetLabel(Label(entries_[index], Active(index)));
  }
  ThreadCounters counters =
      options_.counters != nullptr ? options_.counters->OpenOnThisThread() : ThreadCounters();
  counters.Start();
  PreparedKernel* kernel = nullptr;
  for (auto _ : state) {
    if (kernel == nullptr && (kernel = Active(index)) == nullptr) {
      state.SkipWithError("kernel not prepared (see thread 0's error)");
      break;
    }
    kernel->RunIteration(thread);
  }
  const CounterValues values = counters.Stop();
  if (kernel == nullptr || state.error_occurred()) return;
  SetRates(state, *kernel, entries_[index].kernel->family);
  SetPerfCounters(state, values);
  if (verify_this_run_) {  // each thread its own part, all at once, outside the timing
    Outcome verified = kernel->VerifyThread(thread);
    if (!verified.ok()) state.SkipWithError(("verify: " + verified.ToString()).c_str());
  }
  if (thread != 0) return;
  SetTotals(state, before, kernel->Totals());
  SetFacts(state, kernel->Facts());
}

}  // namespace memattr
