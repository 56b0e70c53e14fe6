#include "cli/allocator.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <sys/types.h>

#include <cstdlib>
#include <cstring>

namespace claimcheck {

namespace {

using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

// Looked up rather than called, since sanitizer builds leave jemalloc out.
Mallctl find_mallctl() { return reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl")); }

// jemalloc's MALLCTL_ARENAS_ALL: "arena.4096.x" sets x on every arena there is.
constexpr const char* kAllArenas = "arena.4096.";

}  // namespace

std::string allocator_name() {
  Mallctl mallctl = find_mallctl();
  if (!mallctl) return "the C library's";
  const char* thp = nullptr;
  std::size_t size = sizeof(thp);
  if (mallctl("opt.thp", &thp, &size, nullptr, 0) != 0 || !thp) return "jemalloc";
  ssize_t decay = 0;
  size = sizeof(decay);
  bool kept = mallctl("arenas.dirty_decay_ms", &decay, &size, nullptr, 0) == 0 && decay < 0;
  return fmt::format("jemalloc, transparent huge pages {}{}", thp, kept ? ", freed pages kept" : "");
}

void keep_freed_pages() {
  Mallctl mallctl = find_mallctl();
  if (!mallctl) return;
  const char* conf = std::getenv("MALLOC_CONF");
  if (conf && std::strstr(conf, "decay")) return;
  ssize_t never = -1;
  for (const char* setting : {"dirty_decay_ms", "muzzy_decay_ms"}) {
    // Arenas made later take the default; the ones made so far are set directly.
    mallctl(fmt::format("arenas.{}", setting).c_str(), nullptr, nullptr, &never, sizeof(never));
    mallctl(fmt::format("{}{}", kAllArenas, setting).c_str(), nullptr, nullptr, &never, sizeof(never));
  }
}

}  // namespace claimcheck
