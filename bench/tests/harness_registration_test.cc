#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "harness/kernel_registration.h"
#include "harness_test_util.h"
#include "measure/topology.h"

namespace memattr {
namespace {

using testing::CapturingReporter;
using ::testing::HasSubstr;
using testing::RunBenchmarks;
using BenchmarkReporter = benchmark::BenchmarkReporter;

constexpr std::uint64_t kBytes = 4096;
constexpr std::uint64_t kItems = 512;

struct FakeLog {
  std::atomic<int> prepared{0};
  std::atomic<int> alive{0};
  std::atomic<int> max_alive{0};
  std::atomic<int> wrong_cpu{0};
  std::atomic<int> verify_calls{0};
  std::atomic<int> fan_outs{0};  // PrepareOptions::fan_out given and run
  std::mutex mutex;
  std::set<int> verified_threads;  // thread indices VerifyThread saw
  std::set<std::thread::id> verifying_os_threads;
};

class FakeKernel : public PreparedKernel {
 public:
  FakeKernel(FakeLog& log, bool verify_ok, const ThreadPinner* pinner)
      : log_(log), verify_ok_(verify_ok), pinner_(pinner) {
    int alive = ++log_.alive;
    int max = log_.max_alive;
    while (alive > max && !log_.max_alive.compare_exchange_weak(max, alive)) {
    }
  }
  ~FakeKernel() override { --log_.alive; }
  void RunIteration(int thread_index) override {
    calls_.fetch_add(1, std::memory_order_relaxed);
    if (pinner_ != nullptr && !OnlyOn(pinner_->CpuFor(thread_index))) ++log_.wrong_cpu;
  }
  std::uint64_t BytesPerIteration() const override { return kBytes; }
  std::uint64_t ItemsPerIteration() const override { return kItems; }
  std::map<std::string, double> Totals() const override {
    return {{"stxr_failures", 3.0 * static_cast<double>(calls_.load())}};
  }
  Outcome Verify() override {
    return verify_ok_ ? Outcome::Ok() : Outcome::WrongData(calls_.load(), 0, "checksum");
  }
  Outcome VerifyThread(int t) override {
    ++log_.verify_calls;
    const std::lock_guard lock(log_.mutex);
    log_.verified_threads.insert(t);
    log_.verifying_os_threads.insert(std::this_thread::get_id());
    return Verify();
  }
  std::map<std::string, double> Facts() const override { return {{"chase_nodes", 42}}; }

 public:
  static bool OnlyOn(unsigned cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1 &&
           CPU_ISSET(cpu, &set);
  }
  FakeLog& log_;
  bool verify_ok_;
  const ThreadPinner* pinner_;
  std::atomic<std::uint64_t> calls_{0};
};

KernelInfo Kernel(std::string name, KernelFamily family) {
  KernelInfo k;
  k.name = std::move(name);
  k.family = family;
  k.aarch64_instructions = k.x86_64_instructions = {"nop"};
  return k;
}

class RegistrationTest : public ::testing::Test {
 protected:
  void SetUp() override { benchmark::ClearRegisteredBenchmarks(); }
  void TearDown() override { benchmark::ClearRegisteredBenchmarks(); }

  BenchmarkPlan Plan(std::vector<const KernelInfo*> kernels, std::vector<int> threads) {
    PlanRegion region{"r0", "anon", memory_, MemoryAttribute::kNormalWb};
    auto plan = BuildPlan({.kernels = kernels, .regions = {region}, .threads = threads});
    EXPECT_TRUE(plan);
    return *plan;
  }
  KernelPreparer Preparer(bool verify_ok, const ThreadPinner* pinner = nullptr) {
    return [this, verify_ok, pinner](
               const KernelInfo&, std::span<std::byte>,
               const PrepareOptions& options) -> Result<std::unique_ptr<PreparedKernel>> {
      ++log_.prepared;
      if (options.fan_out) {
        std::atomic<int> ran{0};
        options.fan_out(options.threads, [&](int t) {
          ++ran;
          if (pinner != nullptr && !FakeKernel::OnlyOn(pinner->CpuFor(t))) ++log_.wrong_cpu;
        });
        if (ran == options.threads) ++log_.fan_outs;
      }
      return std::unique_ptr<PreparedKernel>(new FakeKernel(log_, verify_ok, pinner));
    };
  }
  const BenchmarkReporter::Run& Find(const CapturingReporter& r, const std::string& name) {
    for (const auto& run : r.all)
      if (run.benchmark_name() == name) return run;
    ADD_FAILURE() << "no run named " << name;
    return r.all.front();
  }

  std::vector<std::byte> memory_ = std::vector<std::byte>(1 << 16);
  FakeLog log_;
  KernelInfo stream_ = Kernel("stream_fake", KernelFamily::kStreaming);
  KernelInfo chase_ = Kernel("chase_fake", KernelFamily::kLatency);
};

TEST_F(RegistrationTest, registered_names_are_the_documented_full_names) {
  BenchmarkPlan plan = Plan({&stream_, &chase_}, {1, 2});
  PlanRunner runner(plan.entries, {.prepare = Preparer(true)});
  runner.RegisterAll();
  std::ostringstream listed;
  CapturingReporter reporter;
  reporter.SetOutputStream(&listed);
  EXPECT_EQ(RunBenchmarks({"--benchmark_list_tests=true"}, reporter), 4u);
  std::string expected;
  for (const auto& e : plan.entries) expected += e.FullName() + "\n";
  EXPECT_EQ(listed.str(), expected);
  EXPECT_EQ(expected.find("stream_fake/region:r0/attr:normal-wb/real_time/threads:1\n"), 0u);
}

TEST_F(RegistrationTest, rates_and_totals_come_from_counter_flags) {
  PlanRunner runner(Plan({&stream_, &chase_}, {2}).entries, {.prepare = Preparer(true)});
  runner.RegisterAll();
  CapturingReporter r;
  RunBenchmarks({}, r);
  ASSERT_EQ(r.all.size(), 2u);
  const auto& stream = Find(r, "stream_fake/region:r0/attr:normal-wb/real_time/threads:2");
  ASSERT_FALSE(stream.error_occurred) << stream.error_message;
  const double seconds = stream.real_accumulated_time;  // wall time of the threads
  const double total_bytes = static_cast<double>(stream.iterations * kBytes);
  EXPECT_NEAR(stream.counters.at("bytes_per_second").value, total_bytes / seconds,
              1e-6 * total_bytes / seconds);
  EXPECT_DOUBLE_EQ(stream.counters.at("stxr_failures").value, 3.0);  // per iteration
  EXPECT_EQ(stream.counters.count("ns_per_load"), 0u);
  const auto& chase = Find(r, "chase_fake/region:r0/attr:normal-wb/real_time/threads:2");
  // One thread's time per load: wall time / (loads per thread).
  const double per_thread_loads = static_cast<double>(chase.iterations * kItems) / 2;
  EXPECT_NEAR(chase.counters.at("ns_per_load").value,
              chase.real_accumulated_time * 1e9 / per_thread_loads,
              1e-6 * chase.counters.at("ns_per_load").value);
  EXPECT_EQ(chase.report_label, "region_kind=anon,working_set_bytes=65536");
  EXPECT_DOUBLE_EQ(chase.counters.at("chase_nodes").value, 42);  // a fact, not a delta
}

TEST_F(RegistrationTest, data_is_verified_once_per_cell_by_every_thread_at_once) {
  PlanRunner runner(Plan({&stream_}, {2}).entries, {.prepare = Preparer(true)});
  runner.RegisterAll();
  CapturingReporter r;
  RunBenchmarks({"--benchmark_repetitions=3"}, r);
  EXPECT_EQ(r.all.size(), 3u + 4u);
  EXPECT_EQ(log_.verify_calls.load(), 2);  // one per thread, not one per run
  EXPECT_EQ(log_.verified_threads, (std::set<int>{0, 1}));
  EXPECT_EQ(log_.verifying_os_threads.size(), 2u);  // on the benchmark threads themselves
  EXPECT_EQ(log_.fan_outs.load(), 1);               // first touch fanned out once, 2 threads
}

TEST_F(RegistrationTest, wrong_data_is_reported_as_an_errored_run) {
  PlanRunner runner(Plan({&stream_}, {1}).entries, {.prepare = Preparer(false)});
  runner.RegisterAll();
  CapturingReporter r;
  RunBenchmarks({}, r);
  ASSERT_EQ(r.all.size(), 1u);
  EXPECT_TRUE(r.all[0].error_occurred);
  EXPECT_THAT(r.all[0].error_message, HasSubstr("verify: wrong-data"));
}

TEST_F(RegistrationTest, prepare_error_names_kernel_and_region_and_no_thread_runs) {
  KernelPreparer failing = [](const KernelInfo&, std::span<std::byte>,
                              const PrepareOptions&) -> Result<std::unique_ptr<PreparedKernel>> {
    return Error{"region too small"};
  };
  PlanRunner runner(Plan({&stream_}, {2}).entries, {.prepare = failing});
  runner.RegisterAll();
  CapturingReporter r;
  RunBenchmarks({}, r);
  ASSERT_EQ(r.all.size(), 1u);
  EXPECT_TRUE(r.all[0].error_occurred);
  EXPECT_THAT(r.all[0].error_message,
              HasSubstr("prepare stream_fake on region 'r0': region too small"));
}

TEST_F(RegistrationTest, prepares_each_entry_once_and_one_at_a_time) {
  PlanRunner runner(Plan({&stream_, &chase_}, {1, 2}).entries, {.prepare = Preparer(true)});
  runner.RegisterAll();
  CapturingReporter r;
  RunBenchmarks({"--benchmark_repetitions=3"}, r);
  EXPECT_EQ(r.all.size(), 4u * (3 + 4));  // 3 repetitions + mean, median, stddev, cv
  EXPECT_EQ(log_.prepared.load(), 4);
  EXPECT_EQ(log_.max_alive.load(), 1);
}

TEST_F(RegistrationTest, pinned_threads_run_on_their_cpu_and_the_main_thread_is_restored) {
  Result<Topology> topology = Topology::Discover();
  ASSERT_TRUE(topology) << topology.error().message;
  ThreadPinner pinner(*topology);
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof(before), &before), 0);
  PlanRunner runner(Plan({&stream_}, {2}).entries,
                    {.prepare = Preparer(true, &pinner), .pinner = &pinner});
  runner.RegisterAll();
  CapturingReporter r;
  RunBenchmarks({}, r);
  ASSERT_EQ(r.all.size(), 1u);
  EXPECT_FALSE(r.all[0].error_occurred) << r.all[0].error_message;
  EXPECT_EQ(log_.wrong_cpu.load(), 0);
  cpu_set_t after;
  ASSERT_EQ(sched_getaffinity(0, sizeof(after), &after), 0);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

}  // namespace
}  // namespace memattr
