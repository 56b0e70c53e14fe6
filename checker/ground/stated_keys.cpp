// check --stream's first pass interns each block of claims' keys here as the blocks come; the
// table goes to ground_keys() whole.
#include "ground/ground.hpp"
#include "ground/key_table.hpp"
#include "model/parallel.hpp"

namespace claimcheck {

StatedKeys::StatedKeys() : table_(std::make_unique<Table>()) {}
StatedKeys::StatedKeys(StatedKeys&&) noexcept = default;
StatedKeys& StatedKeys::operator=(StatedKeys&&) noexcept = default;
StatedKeys::~StatedKeys() = default;

std::size_t StatedKeys::size() const { return table_->vars.size(); }

void StatedKeys::reserve(std::size_t keys) {
  table_->vars.reserve(keys);
  table_->keys.reserve(keys);
}

std::vector<int> StatedKeys::intern(std::vector<Claim>& claims, unsigned threads) {
  std::vector<std::size_t> atom_begin(1, 0);
  for (const auto& claim : claims) atom_begin.push_back(atom_begin.back() + claim.atoms.size());
  std::size_t first_new = table_->vars.size();
  std::vector<std::size_t> first_statements;
  std::vector<int> vars = table_->keys.add_atoms(claims, atom_begin, threads, first_statements);
  for_each_index(claims.size(), threads, [&](std::size_t c) {
    for (std::size_t a = 0, k = atom_begin[c]; a < claims[c].atoms.size(); ++a, ++k)
      if (std::size_t var = vars[k]; var >= first_new && first_statements[var - first_new] == k)
        table_->vars[var] = {std::move(claims[c].atoms[a].key), claims[c].atoms[a].type};
  });
  return vars;
}

}  // namespace claimcheck
