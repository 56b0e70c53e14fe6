#include <z3++.h>

#include <algorithm>
#include <cstring>
#include <atomic>
#include <fmt/format.h>
#include <future>
#include <memory>
#include <numeric>
#include <tuple>
#include <set>
#include <chrono>
#include <mutex>
#include <thread>

#include "model/parallel.hpp"
#include "solve/encoder.hpp"
#include "solve/key_classes.hpp"
#include "solve/map_solver.hpp"
#include "solve/repair.hpp"
#include "solve/solve.hpp"
#include "solve/stop_watcher.hpp"

namespace claimcheck {

// ---- Z3 ----

namespace {

Value read_value(const z3::expr& e, const Variable& v) {
  if (v.type == ValueType::boolean) return e.is_true();
  std::string text = Z3_get_numeral_string(e.ctx(), e);
  auto slash = text.find('/');
  if (slash == std::string::npos) return Rational(Integer(text));
  return Rational(Integer(text.substr(0, slash)), Integer(text.substr(slash + 1)));
}

// A model from a fresh context: the same assertions in the same order give the same model, so
// witnesses do not depend on which worker solved what before.
Assignment fresh_model(const GroundProblem& problem, const Component& component) {
  z3::context ctx;
  z3::solver solver(ctx);
  Encoder enc{ctx, problem};
  for (int v : component.vars)
    if (auto d = enc.domain(v)) solver.add(*d);
  for (int c : component.claims) solver.add(enc.condition(problem.claim_condition(c)));
  for (int i : component.instances) solver.add(enc.condition(problem.instances[i].expr));
  Assignment values;
  if (solver.check() != z3::sat) return values;
  z3::model model = solver.get_model();
  for (int v : component.vars) values[v] = read_value(model.eval(enc.var(v), true), problem.variables[v]);
  return values;
}

class ComponentSolver {
 public:
  ComponentSolver(z3::context& ctx, z3::solver& solver, z3::solver& widening_solver, const GroundProblem& problem,
                  const Component& component, const SolveOptions& options)
      : ctx_(ctx), solver_(solver), widening_solver_(widening_solver), problem_(problem), component_(component), options_(options),
        budget_(options.rlimit), exact_is_complete_(options.witness_check && only_proxies_of_one_kind(problem, component)) {}

  Outcome run() {
    Outcome out;
    // Elements a conflict is made of: the claims, then the soft rule instances. Hard instances
    // are always on, but have indicators too so that a conflict can name the ones it needs.
    for (int i : component_.instances) (problem_.instances[i].soft ? soft_ : hard_).push_back(i);
    element_count_ = component_.claims.size() + soft_.size();
    Set elements = all(element_count_), hard = all(hard_.size());
    z3::check_result first = check(elements, hard);
    if (first == z3::sat) {
      out.status = Status::consistent;
    } else if (first == z3::unknown) {
      out.status = Status::unknown;
      out.unknown_reason = unknown_reason_;
    } else {
      if (options_.map_solver) marco(out);
      else shrink_block_repeat(out);
      if (out.conflicts.empty()) {
        out.status = Status::unknown;
        out.unknown_reason = unknown_reason_ + " while minimizing a conflict";
      } else {
        out.status = Status::inconsistent;
        std::sort(out.conflicts.begin(), out.conflicts.end(), [](const Conflict& a, const Conflict& b) {
          return std::forward_as_tuple(a.claims.size(), a.claims, a.instances) <
                 std::forward_as_tuple(b.claims.size(), b.claims, b.instances);
        });
        std::sort(out.corrections.begin(), out.corrections.end(), [](const auto& a, const auto& b) {
          return std::forward_as_tuple(a.size(), a) < std::forward_as_tuple(b.size(), b);
        });
        if (stopped()) {
          out.interrupted = true;
          out.solver_checks = checks_;
          if (encoded_) solver_.pop();
          return out;
        }
        find_repairs(problem_, component_, options_, out);
        for (auto& conflict : out.conflicts) {
          conflict.widening = least_widening(widening_solver_, problem_, component_, conflict, options_);
          if (!conflict.widening)
            conflict.rounding_widening = least_widening(widening_solver_, problem_, component_, conflict, options_, /*rounding=*/true);
        }
      }
    }
    out.solver_checks = checks_;
    if (encoded_) solver_.pop();
    return out;
  }

 private:
  using Set = std::vector<std::size_t>;  // sorted positions into the element or hard lists

  bool stopped() const { return options_.stop && options_.stop->load(); }

  z3::context& ctx_;
  z3::solver& solver_;
  z3::solver& widening_solver_;  // the worker's, for least_widening alone
  const GroundProblem& problem_;
  const Component& component_;
  const SolveOptions& options_;
  std::uint64_t budget_;
  // The solver's rlimit count once the constraints are asserted. Between this component's
  // checks nothing else runs on the solver, so the count's rise since is what its checks used:
  // one statistics read a check instead of two (a read collects every statistic: two cost an
  // eighth of a small component's check).
  std::uint64_t count_when_encoded_ = 0;
  std::uint64_t used_ = 0;
  std::uint64_t checks_ = 0;
  std::string unknown_reason_;
  std::size_t element_count_ = 0;  // claims, then soft instances
  bool encoded_ = false;
  const bool exact_is_complete_;
  std::vector<z3::expr> element_literals_, hard_literals_;  // once encoded
  std::vector<int> hard_, soft_;  // instance indices behind the hard literals and the soft elements
  std::vector<Set> known_sat_, known_unsat_;  // element sets checked with every hard instance on
  std::size_t known_entries_ = 0;             // their sizes, summed

  static Set all(std::size_t n) {
    Set s(n);
    std::iota(s.begin(), s.end(), 0);
    return s;
  }

  Conflict conflict_of(const Set& elements, const Set& hard) const {
    Conflict c;
    std::size_t claims = component_.claims.size();
    for (auto k : elements) {
      if (k < claims) c.claims.push_back(component_.claims[k]);
      else c.instances.push_back(soft_[k - claims]);
    }
    for (auto k : hard) c.instances.push_back(hard_[k]);
    std::sort(c.instances.begin(), c.instances.end());
    return c;
  }

  std::vector<int> claims_of(const Set& elements) const {
    std::vector<int> out;
    for (auto k : elements)
      if (k < component_.claims.size()) out.push_back(component_.claims[k]);
    return out;
  }

  bool at_limit(Outcome& out) {
    if (out.conflicts.size() >= options_.max_conflicts) {
      out.enumeration_complete = false;
      out.enumeration_note = fmt::format("{} minimal conflicts found, enumeration stopped at the limit of {}",
                                         out.conflicts.size(), options_.max_conflicts);
      return true;
    }
    return false;
  }

  void stop_undecided(Outcome& out, const std::string& reason) {
    out.enumeration_complete = false;
    out.enumeration_note = fmt::format("{} minimal conflicts found, enumeration stopped undecided: {}",
                                       out.conflicts.size(), reason);
  }

  // MARCO: a map over the element indicators proposes the largest unexplored seed; an
  // unsatisfiable seed shrinks to a new minimal conflict and blocks its supersets, a satisfiable
  // one grows to a maximal satisfiable set and blocks its subsets. The map is plain C++
  // (map_solver.hpp): deterministic, so the conflicts found before a limit depend only on this
  // component.
  void marco(Outcome& out) {
    MapSolver map(element_count_);
    Set hard = all(hard_.size());
    Set seed;
    while (!at_limit(out)) {
      MapSolver::Result proposal = map.next(seed);
      if (proposal == MapSolver::Result::exhausted) return;  // every subset explored
      if (proposal == MapSolver::Result::gave_up) return stop_undecided(out, "the map search gave up");
      z3::check_result r = check(seed, hard);
      if (r == z3::unknown) return stop_undecided(out, unknown_reason_);
      if (r == z3::sat) {
        for (std::size_t k = 0; k < element_count_; ++k) {
          if (std::binary_search(seed.begin(), seed.end(), k)) continue;
          Set bigger = seed;
          bigger.insert(std::upper_bound(bigger.begin(), bigger.end(), k), k);
          z3::check_result g = check(bigger, hard);
          if (g == z3::unknown) return stop_undecided(out, unknown_reason_);
          if (g == z3::sat) seed = std::move(bigger);
        }
        Set correction;
        for (std::size_t k = 0; k < element_count_; ++k)
          if (!std::binary_search(seed.begin(), seed.end(), k)) correction.push_back(k);
        if (correction.empty()) return;  // everything holds together: nothing left to find
        out.corrections.push_back(claims_of(correction));
        map.block_subsets_avoiding(correction);
      } else {
        auto found = shrink(seed, hard);
        if (!found) return stop_undecided(out, unknown_reason_);
        out.conflicts.push_back(conflict_of(found->first, found->second));
        map.block_supersets(found->first);
      }
    }
  }

  // The baseline without a map solver: shrink a conflict, then search again with each of its
  // elements left out in turn, remembering the sets already searched. Complete, but it finds the
  // same conflicts many times over.
  void shrink_block_repeat(Outcome& out) {
    std::set<Set> searched;
    std::set<Set> known;
    Set hard = all(hard_.size());
    std::vector<Set> todo{all(element_count_)};
    while (!todo.empty()) {
      if (at_limit(out)) return;
      Set current = std::move(todo.back());
      todo.pop_back();
      if (!searched.insert(current).second) continue;
      z3::check_result r = check(current, hard);
      if (r == z3::unknown) return stop_undecided(out, unknown_reason_);
      if (r == z3::sat) continue;
      auto found = shrink(current, hard);
      if (!found) return stop_undecided(out, unknown_reason_);
      if (known.insert(found->first).second) out.conflicts.push_back(conflict_of(found->first, found->second));
      for (auto k : found->first) {
        Set without = current;
        without.erase(std::find(without.begin(), without.end(), k));
        todo.push_back(std::move(without));
      }
    }
  }

  // Deletion in index order: the set found depends only on which subsets are satisfiable, not
  // on the solver's history. `elements` must be unsatisfiable with `hard`. nullopt: undecided.
  std::optional<std::pair<Set, Set>> shrink(Set elements, Set hard) {
    bool decided = delete_each(elements, [&](const Set& rest) { return check(rest, hard); }) &&
                   delete_each(hard, [&](const Set& rest) { return check(elements, rest); });
    if (!decided) return std::nullopt;
    return std::make_pair(elements, hard);
  }

  // Drops each element in turn and keeps the drop while the rest stays unsatisfiable. False when
  // a check is undecided.
  template <class Check>
  static bool delete_each(Set& list, Check check_rest) {
    for (std::size_t k = 0; k < list.size();) {
      Set rest = list;
      rest.erase(rest.begin() + static_cast<long>(k));
      auto r = check_rest(rest);
      if (r == z3::unknown) return false;
      if (r == z3::unsat) list = std::move(rest);
      else ++k;
    }
    return true;
  }

  // Keys compared through the C API: z3::stats::key makes a std::string of every key.
  std::uint64_t rlimit_count() {
    z3::stats stats = solver_.statistics();
    for (unsigned i = 0; i < stats.size(); ++i)
      if (std::strcmp(Z3_stats_get_key(ctx_, stats, i), "rlimit count") == 0)
        return stats.is_uint(i) ? stats.uint_value(i) : static_cast<std::uint64_t>(stats.double_value(i));
    return 0;
  }

  // Assumptions are bare Boolean constants only (compound ones leak in Z3 4.8). Each check is
  // capped at the component's budget by the solver's rlimit (set once per solver: setting
  // parameters per check made checks five times slower); the component stops once its checks
  // together have used the budget.
  z3::check_result check(const Set& elements, const Set& hard) {
    // With every hard instance on, satisfiability is monotone in the elements: a superset of an
    // unsatisfiable set is unsatisfiable and a subset of a satisfiable one satisfiable. MARCO
    // proposes and grows such sets often (a two-claim conflict took nine checks, four without
    // them); answering from what is known changes no conflict, only the count of checks.
    bool all_hard = hard.size() == hard_.size();
    if (all_hard) {
      for (const Set& unsat : known_unsat_)
        if (std::includes(elements.begin(), elements.end(), unsat.begin(), unsat.end())) return z3::unsat;
      for (const Set& sat : known_sat_)
        if (std::includes(sat.begin(), sat.end(), elements.begin(), elements.end())) return z3::sat;
    }
    z3::check_result r = exactly_satisfiable(elements, hard) ? z3::sat
                         : exact_is_complete()               ? z3::unsat
                                                             : z3_check(elements, hard);
    // Bounded (2 MiB of positions a component), so that a component of thousands of claims does
    // not keep a set per check, and looking sets up stays cheaper than a check.
    if (all_hard && r != z3::unknown && known_entries_ + elements.size() <= kMaxKnownEntries) {
      known_entries_ += elements.size();
      (r == z3::unsat ? known_unsat_ : known_sat_).push_back(elements);
    }
    return r;
  }
  static constexpr std::size_t kMaxKnownEntries = std::size_t{1} << 18;

  // Without rule instances a component's claims constrain each key on its own, and the exact
  // check intersects each key's intervals (and the domain's) exactly: a set it cannot satisfy
  // is unsatisfiable, and Z3 is not asked either way. Proxies, which only equate two keys, keep
  // that true for each class of keys they equate, as long as the class's keys agree on their
  // kind of value (the check picks each key's point by the key's own type).
  bool exact_is_complete() const { return exact_is_complete_; }
  static bool only_proxies_of_one_kind(const GroundProblem& problem, const Component& component) {
    KeyClasses classes(problem, component);
    if (!classes.only_proxies()) return false;
    auto kind = [&](int v) {
      const Variable& var = problem.variables[v];
      return std::pair(var.type == ValueType::boolean, var.is_integer());
    };
    for (const auto& [v, up] : classes.members())
      if (kind(v) != kind(classes.find(v))) return false;
    return true;
  }

  // Whether the exact check (solve/witness.cpp) satisfies the elements and hard instances:
  // then Z3 would too, and is not asked. Shrinking a conflict and growing a satisfiable set ask
  // mostly about satisfiable sets; an unsatisfiable one costs a failed exact check on top.
  bool exactly_satisfiable(const Set& elements, const Set& hard) const {
    if (!options_.witness_check) return false;
    Conflict chosen = conflict_of(elements, hard);
    Component part;
    part.claims = std::move(chosen.claims);
    for (int i : chosen.instances) {
      // An instance bound to a claim left out holds vacuously, as its encoding says.
      if (auto claim = problem_.instances[i].claim; claim && !std::binary_search(part.claims.begin(), part.claims.end(), *claim))
        continue;
      part.instances.push_back(i);
      for (int v : problem_.instances[i].vars) part.vars.push_back(v);
    }
    for (int c : part.claims)
      for (const auto& atom : problem_.atoms_of(c)) part.vars.push_back(atom.var);
    std::sort(part.vars.begin(), part.vars.end());
    part.vars.erase(std::unique(part.vars.begin(), part.vars.end()), part.vars.end());
    return exact_witness(problem_, part).has_value();
  }

  // The component's constraints, asserted on the first check the exact check cannot answer: a
  // component without rule instances never needs them.
  void encode() {
    encoded_ = true;
    Encoder enc{ctx_, problem_};
    solver_.push();
    for (int v : component_.vars)
      if (auto d = enc.domain(v)) solver_.add(*d);
    for (int c : component_.claims) {
      z3::expr p = ctx_.bool_const(("p" + std::to_string(c)).c_str());
      element_literals_.push_back(p);
      solver_.add(z3::implies(p, enc.condition(problem_.claim_condition(c))));
    }
    for (int i : component_.instances) {
      const RuleInstance& inst = problem_.instances[i];
      z3::expr r = ctx_.bool_const(("r" + std::to_string(i)).c_str());
      z3::expr body = enc.condition(inst.expr);
      if (inst.claim) body = z3::implies(ctx_.bool_const(("p" + std::to_string(*inst.claim)).c_str()), body);
      solver_.add(z3::implies(r, body));
      if (!inst.soft) hard_literals_.push_back(r);
    }
    for (int i : soft_) element_literals_.push_back(ctx_.bool_const(("r" + std::to_string(i)).c_str()));
    count_when_encoded_ = rlimit_count();
  }

  z3::check_result z3_check(const Set& elements, const Set& hard) {
    if (!encoded_) encode();
    if (used_ >= budget_) {
      unknown_reason_ = fmt::format("resource limit of {} exhausted", budget_);
      return z3::unknown;
    }
    z3::expr_vector assumptions(ctx_);
    for (auto k : elements) assumptions.push_back(element_literals_[k]);
    for (auto k : hard) assumptions.push_back(hard_literals_[k]);
    z3::check_result r = solver_.check(assumptions);
    ++checks_;
    used_ = rlimit_count() - count_when_encoded_;
    if (r == z3::unknown) {
      unknown_reason_ = fmt::format("Z3 gave up: {} (resource limit {} per component, {} used)",
                                    solver_.reason_unknown(), budget_, used_);
    }
    return r;
  }
};

}  // namespace

class PreparedContexts {
 public:
  explicit PreparedContexts(unsigned count)
      : made_(std::async(std::launch::async, [count]() {
          std::vector<std::unique_ptr<z3::context>> made;
          for (unsigned k = 0; k < count; ++k) made.push_back(std::make_unique<z3::context>());
          return made;
        })) {}
  // One of them, or a new one when they have all been taken.
  std::unique_ptr<z3::context> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (made_.valid()) ready_ = made_.get();
    if (ready_.empty()) return std::make_unique<z3::context>();
    auto ctx = std::move(ready_.back());
    ready_.pop_back();
    return ctx;
  }

 private:
  std::mutex mutex_;
  std::future<std::vector<std::unique_ptr<z3::context>>> made_;
  std::vector<std::unique_ptr<z3::context>> ready_;
};

Outcome stopped_outcome() {
  Outcome out;
  out.status = Status::unknown;
  out.unknown_reason = "the run was stopped before this component was solved";
  out.interrupted = true;
  return out;
}

std::shared_ptr<PreparedContexts> prepare_contexts(unsigned count) { return std::make_shared<PreparedContexts>(count); }

// Workers' contexts, so that a stop request can interrupt the checks they are running.
class Interrupter {
 public:
  explicit Interrupter(std::size_t workers) : contexts_(workers, nullptr) {}
  void set(std::size_t worker, z3::context* ctx) {
    std::lock_guard<std::mutex> lock(mutex_);
    contexts_[worker] = ctx;
  }
  void interrupt_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (z3::context* ctx : contexts_)
      if (ctx) ctx->interrupt();
  }

 private:
  std::mutex mutex_;
  std::vector<z3::context*> contexts_;
};

std::vector<Outcome> solve(const GroundProblem& problem, const std::vector<Component>& components,
                           const SolveOptions& options) {
  std::vector<Outcome> outcomes;
  reserve_prefaulted(outcomes, components.size(), options.threads);
  outcomes.resize(components.size());
  std::atomic<std::size_t> next{0}, finished_count{0};
  unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(components.size())));
  Interrupter interrupter(threads);
  auto stopped = [&]() { return options.stop && options.stop->load(); };
  auto work = [&](std::size_t worker) {
    // One context per worker and two solvers in it, reused with push/pop: one for the
    // components, one for the widening problems. On the component's solver, the widening checks
    // and models also carried the component's indicator-guarded constraints, which made solving
    // about 1.8x slower (bench/README.md).
    std::unique_ptr<z3::context> ctx;
    std::unique_ptr<z3::solver> solver, widening_solver;
    std::uint64_t checks_since_fresh = 0;
    // New solvers; a new context too when asked, since a context costs milliseconds to make and
    // new solvers alone keep Z3 fast (a new context every ~1,000 checks as well made the solve
    // stage 1.1-1.4 times slower at 100,000 claims). Simple solvers: the default solver's tactic
    // front end only slows these small incremental checks down.
    auto fresh = [&](bool new_context) {
      interrupter.set(worker, nullptr);
      solver.reset();
      widening_solver.reset();
      if (new_context || !ctx)
        ctx = options.contexts && !options.context_per_component ? options.contexts->take() : std::make_unique<z3::context>();
      interrupter.set(worker, ctx.get());
      solver = std::make_unique<z3::solver>(*ctx, z3::solver::simple());
      z3::params params(*ctx);
      params.set("rlimit", static_cast<unsigned>(std::min<std::uint64_t>(options.rlimit, 4'000'000'000u)));
      params.set("ctrl_c", false);  // no signal handler installed and removed around every check
      // Z3 4.8's older arithmetic solver (simplex over exact rationals) answers these small
      // linear checks sooner than its default one: solve 1.1-1.2 times faster, same findings.
      params.set("smt.arith.solver", 2u);
      solver->set(params);
      widening_solver = std::make_unique<z3::solver>(*ctx, z3::solver::simple());
      widening_solver->set(params);
    };
    // Reports progress when an iteration ends, whichever way it ends.
    struct Tick {
      const SolveOptions& options;
      std::atomic<std::size_t>& finished;
      std::size_t total;
      ~Tick() {
        if (options.progress) options.progress(++finished, total);
      }
    };
    for (std::size_t i = next++; i < components.size(); i = next++) {
      Tick tick{options, finished_count, components.size()};
      const Component& component = components[i];
      if (stopped()) {
        outcomes[i] = stopped_outcome();
        continue;
      }
      if (options.witness_check) {
        if (auto witness = exact_witness(problem, component)) {
          outcomes[i].status = Status::consistent;
          outcomes[i].witness = std::move(*witness);
          outcomes[i].witness_source = "exact check";
          continue;
        }
      }
      if (component.claims.size() > options.max_component_claims) {
        outcomes[i].status = Status::unknown;
        outcomes[i].unknown_reason =
            fmt::format("the component has {} claims; Z3 is asked about at most {} (--max-component-claims)",
                        component.claims.size(), options.max_component_claims);
        continue;
      }
      // Z3 4.8 slows down on a long-lived solver; a new one every ~1,000 checks keeps it fast.
      if (!ctx || options.context_per_component || checks_since_fresh > 1000) {
        fresh(options.context_per_component);
        checks_since_fresh = 0;
      }
      try {
        outcomes[i] = ComponentSolver(*ctx, *solver, *widening_solver, problem, component, options).run();
        checks_since_fresh += outcomes[i].solver_checks;
      } catch (const z3::exception& e) {
        outcomes[i].status = Status::unknown;
        outcomes[i].unknown_reason = std::string("Z3 error: ") + e.msg();
        fresh(/*new_context=*/true);
      }
      if (stopped()) outcomes[i].interrupted = true;
      if (outcomes[i].status == Status::consistent && !outcomes[i].interrupted) {
        auto exact = options.witness_check ? std::nullopt : exact_witness(problem, component);
        if (exact) {
          outcomes[i].witness = std::move(*exact);
          outcomes[i].witness_source = "exact check";
        } else {
          outcomes[i].witness = fresh_model(problem, component);
          outcomes[i].witness_source = "z3 model";
        }
      }
    }
    interrupter.set(worker, nullptr);  // before the context goes away with this worker
  };
  // Workers run on their own threads even when there is one: on the main thread, glibc's main
  // arena returns memory to the kernel as Z3 frees it and takes it back page by page, which made
  // solving up to seven times slower here (bench/). Thread arenas do not trim that way.
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
  // A stop request interrupts the workers' running checks.
  StopWatcher watcher(options.stop, [&]() { interrupter.interrupt_all(); });
  for (auto& t : pool) t.join();
  watcher.finish();
  return outcomes;
}

}  // namespace claimcheck
