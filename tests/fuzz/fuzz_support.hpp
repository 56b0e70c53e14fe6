#pragma once
// Shared by the libFuzzer targets: the shipped rule packs, loaded once, and a document to read
// facts against.
#include <cstddef>
#include <cstdint>
#include <string>

#include "load/loaders.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck::fuzz {

// The shipped rules/ (CLAIMCHECK_SOURCE_DIR/rules); aborts if they do not load, since every
// input would then fail the same way and the fuzzer would learn nothing.
const Vocabulary& shipped_vocabulary();

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace claimcheck::fuzz
