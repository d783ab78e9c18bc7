// Reads typed fields out of an untrusted JSON object (guest events, manifests): each Get()
// leaves `out` at its default when the key is absent and records the first field of the wrong
// type as "PATH.FIELD: expected KIND, got TYPE". Parsers read every field, then ask problem().
//   FieldReader in(event);
//   in.Get("region", e.region);
//   in.Get("threads", e.threads);
//   if (!in.problem().empty()) return Error{in.problem()};
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "memattr/protocol/vocabulary.h"

namespace memattr::protocol {

class FieldReader {
 public:
  // `path` prefixes field names in problems ("region" -> "region.size_bytes: ...").
  explicit FieldReader(const nlohmann::json& object, std::string path = "");

  void Get(const char* key, std::string& out);
  void Get(const char* key, int& out);
  void Get(const char* key, std::int64_t& out);
  void Get(const char* key, std::uint64_t& out);
  void Get(const char* key, double& out);
  void Get(const char* key, bool& out);
  void Get(const char* key, std::vector<std::string>& out);
  void Get(const char* key, std::map<std::string, std::string>& out);
  // An object kept as JSON (open sets of fields, e.g. run_start's facts).
  void GetObject(const char* key, nlohmann::json& out);
  // A word of a vocabulary: any other string is "unknown X (known: ...)".
  template <Vocabulary E>
  void Get(const char* key, E& out) {
    std::string word;
    const bool present = Has(key);
    Get(key, word);
    if (!present || !problem_.empty()) return;
    if (std::optional<E> value = Parse<E>(word)) {
      out = *value;
      return;
    }
    Fail(key, "unknown " + std::string(WordList<E>::kName) + " word '" + word +
                  "' (known: " + KnownWords<E>() + ")");
  }

  bool Has(const char* key) const;
  // The object under `key` for a nested reader (null when absent or not an object: then a
  // problem is recorded unless absent).
  const nlohmann::json* Object(const char* key);
  // "PATH.KEY" as problems name it.
  std::string PathOf(const char* key) const;
  // Records a problem of the caller's own (the first one wins).
  void Fail(const char* key, const std::string& what);
  void Adopt(const std::string& problem);
  const std::string& problem() const { return problem_; }

 private:
  const nlohmann::json* Find(const char* key, bool (*fits)(const nlohmann::json&),
                             const char* kind);

  const nlohmann::json& object_;
  std::string path_;
  std::string problem_;
};

}  // namespace memattr::protocol
