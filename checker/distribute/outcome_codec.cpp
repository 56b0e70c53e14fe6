// Outcomes as bytes for the gather to rank 0.
#include <stdexcept>

#include "distribute/distribute.hpp"
#include "model/byte_codec.hpp"

namespace claimcheck {

std::string encode_outcome(const Outcome& o) {
  ByteWriter w;
  w.number(static_cast<std::uint64_t>(o.status));
  w.number(o.conflicts.size());
  for (const auto& c : o.conflicts) {
    w.ints(c.claims);
    w.ints(c.instances);
    w.maybe(c.widening);
    w.maybe(c.rounding_widening);
  }
  w.number(o.corrections.size());
  for (const auto& c : o.corrections) w.ints(c);
  w.number(o.enumeration_complete);
  w.text(o.enumeration_note);
  w.number(o.repairs.size());
  for (const auto& r : o.repairs) {
    w.ints(r.claims);
    w.ints(r.instances);
    w.number(static_cast<std::uint64_t>(r.weight));
  }
  w.number(o.repairs_optimal);
  w.text(o.repairs_note);
  w.number(o.witness.size());
  for (const auto& [var, value] : o.witness) {
    w.number(static_cast<std::uint64_t>(var));
    if (const bool* truth = std::get_if<bool>(&value)) {
      w.number(*truth ? 1 : 0);
    } else {
      w.number(2);
      w.rational(std::get<Rational>(value));
    }
  }
  w.text(o.witness_source);
  w.text(o.unknown_reason);
  w.number(o.solver_checks);
  w.number(o.interrupted);
  return std::move(w.bytes);
}

Outcome decode_outcome(std::string_view bytes) {
  ByteReader r(bytes, "an outcome");
  Outcome o;
  std::uint64_t status = r.number();
  if (status > static_cast<std::uint64_t>(Status::unknown)) throw std::runtime_error("an outcome has an unknown status");
  o.status = static_cast<Status>(status);
  for (std::uint64_t k = r.number(); k > 0; --k) {
    Conflict c;
    c.claims = r.ints();
    c.instances = r.ints();
    c.widening = r.maybe();
    c.rounding_widening = r.maybe();
    o.conflicts.push_back(std::move(c));
  }
  for (std::uint64_t k = r.number(); k > 0; --k) o.corrections.push_back(r.ints());
  o.enumeration_complete = r.number() != 0;
  o.enumeration_note = r.text();
  for (std::uint64_t k = r.number(); k > 0; --k) {
    Repair repair;
    repair.claims = r.ints();
    repair.instances = r.ints();
    repair.weight = static_cast<long>(r.number());
    o.repairs.push_back(std::move(repair));
  }
  o.repairs_optimal = r.number() != 0;
  o.repairs_note = r.text();
  for (std::uint64_t k = r.number(); k > 0; --k) {
    int var = static_cast<int>(r.number());
    std::uint64_t kind = r.number();
    if (kind > 2) throw std::runtime_error("an outcome's witness has an unknown value kind");
    o.witness[var] = kind == 2 ? Value(r.rational()) : Value(kind == 1);
  }
  o.witness_source = r.text();
  o.unknown_reason = r.text();
  o.solver_checks = r.number();
  o.interrupted = r.number() != 0;
  if (!r.done()) throw std::runtime_error("an outcome's bytes go on past its end");
  return o;
}

}  // namespace claimcheck
