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

// For check --stream once its first pass is done: the pages that pass freed go back to the
// system (the batches would otherwise sit on top of them), and from then on every arena keeps
// what it frees, since each batch takes about what the one before freed. The peak stays as it
// was; half as many fresh pages are touched at a million claims. Left alone when MALLOC_CONF
// sets a decay itself.
void keep_freed_pages_from_now();

}  // namespace claimcheck
