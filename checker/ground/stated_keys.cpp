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

std::vector<int> StatedKeys::intern(std::vector<Claim>& claims, unsigned threads) {
  std::vector<std::size_t> atom_begin(1, 0);
  for (const auto& claim : claims) atom_begin.push_back(atom_begin.back() + claim.atoms.size());
  std::vector<KeyTable::PlainText> texts(atom_begin.back());
  for_each_index(claims.size(), threads, [&](std::size_t c) {
    for (std::size_t a = 0; a < claims[c].atoms.size(); ++a) texts[atom_begin[c] + a] = KeyTable::plain(claims[c].atoms[a].key);
  });
  std::vector<int> vars(texts.size());
  std::vector<std::pair<std::size_t, std::size_t>> first_statements;  // claim, atom
  for (std::size_t c = 0, k = 0; c < claims.size(); ++c)
    for (std::size_t a = 0; a < claims[c].atoms.size(); ++a, ++k) {
      auto [var, fresh] = table_->keys.add(claims[c].atoms[a].key, std::move(texts[k]));
      vars[k] = var;
      if (fresh) first_statements.emplace_back(c, a);
    }
  for_each_index(first_statements.size(), threads, [&](std::size_t k) {
    auto [c, a] = first_statements[k];
    Atom& atom = claims[c].atoms[a];
    table_->vars[static_cast<std::size_t>(vars[atom_begin[c] + a])] = {std::move(atom.key), atom.type};
  });
  return vars;
}

}  // namespace claimcheck
