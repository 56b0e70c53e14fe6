#pragma once
// Limits on what the loaders accept. Each has its default here, a command-line flag, and an
// error naming the flag when an input exceeds it (docs/bad-input.md lists them all).
#include <cstddef>
#include <cstdint>

namespace claimcheck {

struct InputLimits {
  std::uintmax_t max_file_bytes = 64ull << 20;  // --max-file-size: one claim set or rule pack
  int max_depth = 32;                           // --max-depth: YAML nesting (lists and mappings)
  std::size_t max_digits = 400;                 // --max-digits: digits in one number
};

}  // namespace claimcheck
