#include "harness/pinned_fan_out.h"

#include <optional>
#include <thread>
#include <vector>

namespace memattr {

ThreadFanOut PinnedFanOut(const ThreadPinner* pinner) {
  return [pinner](int threads, const std::function<void(int)>& fn) {
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([pinner, t, &fn] {
        std::optional<Result<PinGuard>> pin;
        if (pinner != nullptr) pin.emplace(pinner->PinCurrentThread(t));
        fn(t);
      });
    }
    for (std::thread& w : workers) w.join();
  };
}

}  // namespace memattr
