#pragma once
// Open addressing with linear probing over a power-of-two table of slots: the tables on the
// hot path (keys, restated facts, claim ids) that a node-based hash map gave an allocation an
// entry, a million of them at a million claims.
#include <cstddef>
#include <vector>

namespace claimcheck {

// Slots for `entries` entries at most half full: a power of two, 64 at least.
inline std::size_t slots_for(std::size_t entries) {
  std::size_t n = 64;
  while (n < 2 * entries) n *= 2;
  return n;
}

// From the hash's home slot on, the first slot that is empty or holds an entry that matches.
template <class Slot, class IsEmpty, class Matches>
std::size_t probe(const std::vector<Slot>& slots, std::size_t hash, const IsEmpty& is_empty, const Matches& matches) {
  std::size_t mask = slots.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask)
    if (is_empty(slots[slot]) || matches(slots[slot])) return slot;
}

}  // namespace claimcheck
