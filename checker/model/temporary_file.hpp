#pragma once
// Scratch files beside an output (a report's sections, a streamed run's claims): beside it rather
// than in /tmp, which may be memory.
#include <string>
#include <variant>

namespace claimcheck {

// A new file in `dir` whose name starts with `prefix`, open for reading and writing and already
// unlinked, so that nothing is left behind however the run ends. Its descriptor, or why it could
// not be made ("cannot create a temporary file in DIR: REASON").
std::variant<int, std::string> open_unlinked_temporary(const std::string& dir, const std::string& prefix);

}  // namespace claimcheck
