#include "vm/console_watch.h"

#include <fstream>

namespace memattr::host {

std::optional<std::string> ConsoleWatch::Poll() {
  std::ifstream in(log_, std::ios::binary);
  if (!in || reported_) return std::nullopt;
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  offset_ += chunk.size();
  partial_ += chunk;
  // Keep the unfinished last line for the next call, but still look at it: a panic line may
  // be the last thing a dying guest prints.
  for (const char* marker : markers_) {
    const std::size_t at = partial_.find(marker);
    if (at == std::string::npos) continue;
    const std::size_t begin = partial_.rfind('\n', at);
    const std::size_t end = partial_.find_first_of("\r\n", at);
    reported_ = true;
    return partial_.substr(begin == std::string::npos ? 0 : begin + 1,
                           end == std::string::npos ? std::string::npos : end - begin - 1);
  }
  const std::size_t last_nl = partial_.rfind('\n');
  if (last_nl != std::string::npos) partial_.erase(0, last_nl + 1);
  return std::nullopt;
}

}  // namespace memattr::host
