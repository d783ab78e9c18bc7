// The words bench, the agent, memattr-host and the dashboards share, each list defined once:
// enum + wire name + the list of all values. Python reads them from vocabulary.json, which
// memattr-protocol-words writes from these tables (a test keeps the file current).
//   ToString(OutcomeKind::kWrongData) == "wrong-data"
//   Parse<VerdictKind>("degraded") == VerdictKind::kDegraded
//   for (OutcomeKind k : AllValues<OutcomeKind>()) ...
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace memattr::protocol {

// The outcome of a probe or a kernel run (bench/docs/result_events.md).
enum class OutcomeKind { kOk, kFault, kWrongData, kTimeout, kSkipped, kError };
// How a region mapping behaved against the stage-1 x stage-2 model.
enum class VerdictKind { kAsExpected, kDegraded, kUnsafe, kInconclusive };
// What the host saw a probe do when it took the guest down (manifest `host_outcomes`):
// stage2-fault: the host's KVM stopped the VM on the access; timeout: the guest hung in the
// probe; guest-crashed: anything else.
enum class HostOutcomeKind { kStage2Fault, kTimeout, kGuestCrashed };
// Guest-visible region kinds the host provisions (manifest `regions[].kind`). `file` is a
// regular/tmpfs file in the guest (runs without a host: tests, bare metal).
enum class ManifestRegionKind { kRam, kFile, kDax, kCxl, kBar, kVfio };
// The four arm64 memory types memattr requests and infers. On x86_64 the same names stand
// for WB / WC / UC- where an interface gives them.
enum class MemoryAttribute { kNormalWb, kNormalNc, kDeviceNGnRE, kDeviceNGnRnE };
// The types the agent infers and expects, coarser than MemoryAttribute: Device-nGnRE and
// Device-nGnRnE behave alike for every probe the agent runs. Two inferred values say only what
// was observed: kNormal (Write-Back vs Non-cacheable unobserved, e.g. under TCG) and kUncached
// (Normal-NC vs Device unobserved); the model never predicts them.
enum class EffectiveType { kNormalWb, kNormalNc, kDevice, kUnknown, kNormal, kUncached };
// A run's status, results.json context `memattr.status` (host-runner/docs/results_format.md):
// incomplete until memattr-host writes the run's end, then ok, failed, timeout (a boot or step
// ran out of time) or interrupted (memattr-host was stopped by SIGINT/SIGTERM). The agent's
// run_end `status` uses ok and failed.
enum class RunStatus { kOk, kFailed, kTimeout, kInterrupted, kIncomplete };

template <typename E>
struct Word {
  E value;
  std::string_view text;
};

// One specialisation per vocabulary: its JSON name and its words in enum order.
template <typename E>
struct WordList;

template <>
struct WordList<OutcomeKind> {
  static constexpr std::string_view kName = "outcome_kinds";
  static constexpr std::array<Word<OutcomeKind>, 6> kWords = {
      {{OutcomeKind::kOk, "ok"},
       {OutcomeKind::kFault, "fault"},
       {OutcomeKind::kWrongData, "wrong-data"},
       {OutcomeKind::kTimeout, "timeout"},
       {OutcomeKind::kSkipped, "skipped"},
       {OutcomeKind::kError, "error"}}};
};

template <>
struct WordList<VerdictKind> {
  static constexpr std::string_view kName = "verdicts";
  static constexpr std::array<Word<VerdictKind>, 4> kWords = {
      {{VerdictKind::kAsExpected, "as-expected"},
       {VerdictKind::kDegraded, "degraded"},
       {VerdictKind::kUnsafe, "unsafe"},
       {VerdictKind::kInconclusive, "inconclusive"}}};
};

template <>
struct WordList<HostOutcomeKind> {
  static constexpr std::string_view kName = "host_outcomes";
  static constexpr std::array<Word<HostOutcomeKind>, 3> kWords = {
      {{HostOutcomeKind::kStage2Fault, "stage2-fault"},
       {HostOutcomeKind::kTimeout, "timeout"},
       {HostOutcomeKind::kGuestCrashed, "guest-crashed"}}};
};

template <>
struct WordList<ManifestRegionKind> {
  static constexpr std::string_view kName = "region_kinds";
  static constexpr std::array<Word<ManifestRegionKind>, 6> kWords = {
      {{ManifestRegionKind::kRam, "ram"},
       {ManifestRegionKind::kFile, "file"},
       {ManifestRegionKind::kDax, "dax"},
       {ManifestRegionKind::kCxl, "cxl"},
       {ManifestRegionKind::kBar, "bar"},
       {ManifestRegionKind::kVfio, "vfio"}}};
};

template <>
struct WordList<MemoryAttribute> {
  static constexpr std::string_view kName = "memory_attributes";
  static constexpr std::array<Word<MemoryAttribute>, 4> kWords = {
      {{MemoryAttribute::kNormalWb, "normal-wb"},
       {MemoryAttribute::kNormalNc, "normal-nc"},
       {MemoryAttribute::kDeviceNGnRE, "device-ngnre"},
       {MemoryAttribute::kDeviceNGnRnE, "device-ngnrne"}}};
};

template <>
struct WordList<EffectiveType> {
  static constexpr std::string_view kName = "effective_types";
  static constexpr std::array<Word<EffectiveType>, 6> kWords = {
      {{EffectiveType::kNormalWb, "normal-wb"},
       {EffectiveType::kNormalNc, "normal-nc"},
       {EffectiveType::kDevice, "device"},
       {EffectiveType::kUnknown, "unknown"},
       {EffectiveType::kNormal, "normal"},
       {EffectiveType::kUncached, "uncached"}}};
};

template <>
struct WordList<RunStatus> {
  static constexpr std::string_view kName = "run_statuses";
  static constexpr std::array<Word<RunStatus>, 5> kWords = {
      {{RunStatus::kOk, "ok"},
       {RunStatus::kFailed, "failed"},
       {RunStatus::kTimeout, "timeout"},
       {RunStatus::kInterrupted, "interrupted"},
       {RunStatus::kIncomplete, "incomplete"}}};
};

template <typename E>
concept Vocabulary = requires {
  WordList<E>::kWords;
};

// The wire name; "invalid" for a value outside the enum.
template <Vocabulary E>
constexpr std::string_view ToString(E value) {
  for (const Word<E>& word : WordList<E>::kWords) {
    if (word.value == value) return word.text;
  }
  return "invalid";
}

// Exact wire names only; nullopt for anything else.
template <Vocabulary E>
constexpr std::optional<E> Parse(std::string_view text) {
  for (const Word<E>& word : WordList<E>::kWords) {
    if (word.text == text) return word.value;
  }
  return std::nullopt;
}

// Every value, in enum order.
template <Vocabulary E>
constexpr std::array<E, WordList<E>::kWords.size()> AllValues() {
  std::array<E, WordList<E>::kWords.size()> values{};
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = WordList<E>::kWords[i].value;
  return values;
}

// Every wire name, in enum order (exporters: one series per word).
template <Vocabulary E>
constexpr std::array<std::string_view, WordList<E>::kWords.size()> AllWords() {
  std::array<std::string_view, WordList<E>::kWords.size()> words{};
  for (std::size_t i = 0; i < words.size(); ++i) words[i] = WordList<E>::kWords[i].text;
  return words;
}

// "a, b, c": the wire names in alphabetical order, for "unknown X (known: …)" messages.
template <Vocabulary E>
std::string KnownWords() {
  auto words = AllWords<E>();
  std::sort(words.begin(), words.end());
  std::string out;
  for (std::string_view word : words) out += (out.empty() ? "" : ", ") + std::string(word);
  return out;
}

}  // namespace memattr::protocol
