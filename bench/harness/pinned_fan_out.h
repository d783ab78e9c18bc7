// PinnedFanOut: the ThreadFanOut the harness gives PrepareKernel, so each benchmark thread's
// memory is first touched on the CPU that thread will be pinned to (ThreadPinner::CpuFor).
//   PrepareOptions o{.threads = 2, .fan_out = PinnedFanOut(&pinner)};
#pragma once

#include "measure/thread_pinning.h"
#include "memattr/kernel_runner.h"

namespace memattr {

// One std::thread per index, pinned like benchmark thread t when `pinner` is given (a failed
// pin leaves that thread unpinned: the benchmark run itself reports pinning failures).
// nullptr pinner: the threads run wherever the scheduler puts them.
ThreadFanOut PinnedFanOut(const ThreadPinner* pinner);

}  // namespace memattr
