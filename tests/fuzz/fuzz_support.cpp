#include "fuzz_support.hpp"

#include <cstdlib>
#include <iostream>

namespace claimcheck::fuzz {

const Vocabulary& shipped_vocabulary() {
  static const Vocabulary vocab = [] {
    Diagnostics diags;
    Vocabulary v = load_vocabulary(std::string(CLAIMCHECK_SOURCE_DIR) + "/rules", diags);
    if (diags.has_errors()) {
      std::cerr << diags.render();
      std::abort();
    }
    return v;
  }();
  return vocab;
}

}  // namespace claimcheck::fuzz
