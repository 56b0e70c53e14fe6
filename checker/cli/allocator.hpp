#pragma once
// What the program asks of its allocator at run time. Both work through mallctl when jemalloc is
// linked (cli/allocator_settings.cpp) and do nothing otherwise (sanitizer builds).
#include <string>

namespace claimcheck {

// "jemalloc, transparent huge pages always, freed pages kept" or "the C library's": benchmark
// figures depend on all three.
std::string allocator_name();

// For a whole-corpus check: jemalloc keeps the pages a stage frees for the next stage instead of
// returning them to the system, which would zero them again on their next touch. Not for
// --stream, whose point is a small peak. Left alone when MALLOC_CONF sets a decay itself.
void keep_freed_pages();

}  // namespace claimcheck
