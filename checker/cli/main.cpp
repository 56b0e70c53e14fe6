// claimcheck: a thin command line over the library.
#include <CLI/CLI.hpp>

#include <iostream>

#include "pipeline/pipeline.hpp"
#include "report/report.hpp"

int main(int argc, char** argv) {
  using namespace claimcheck;
  CLI::App app{"claimcheck: finds claims that cannot all be true"};
  app.require_subcommand(1);
  CLI::App* check = app.add_subcommand("check", "check claim sets against rule packs and each other");
  CheckRequest request;
  std::string format = "md", out;
  unsigned threads = 1;
  check->add_option("inputs", request.inputs, "claim-set files or directories")->required();
  check->add_option("--rules", request.rules_dir, "directory of rule packs")->required();
  check->add_option("--format", format, "report format")->check(CLI::IsMember({"md", "json"}));
  check->add_option("--out", out, "write the report to this file (atomically) instead of stdout");
  check->add_option("--threads", threads, "solver threads")->check(CLI::Range(1u, 256u));
  check->add_option("--rlimit", request.solve.rlimit, "Z3 resource units per component (default 20000000)")
      ->check(CLI::Range(static_cast<std::uint64_t>(1), static_cast<std::uint64_t>(4'000'000'000ull)));
  check->add_option("--max-conflicts", request.solve.max_conflicts,
                    "minimal conflicts listed per component before enumeration stops (default 100)")
      ->check(CLI::Range(static_cast<std::size_t>(1), static_cast<std::size_t>(1000000)));
  std::vector<std::string> weights;
  check->add_option("--weight", weights, "NAME=W: the reliability of an entity or source class (repeatable)");
  bool no_witness_check = false;
  check->add_flag("--no-witness-check", no_witness_check, "always ask Z3, even when an exact witness exists");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  request.solve.threads = threads;
  request.solve.witness_check = !no_witness_check;
  for (const auto& w : weights) {
    auto eq = w.find('=');
    std::string number = eq == std::string::npos ? "" : w.substr(eq + 1);
    bool digits = !number.empty() && number.size() <= 6 && number.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(number) < 1) {
      std::cerr << "claimcheck: error: --weight expects NAME=W with W a whole number from 1 to 999999, got '" << w
                << "'\n";
      return 2;
    }
    request.weights.entities[w.substr(0, eq)] = std::stoi(number);
  }
  CheckRun run;
  try {
    run = run_check(request);
  } catch (const std::exception& e) {
    // A bug, not bad input; still no crash and no half-written report.
    std::cerr << "claimcheck: internal error: " << e.what() << "\n";
    return 2;
  }
  if (!run.ok()) {
    std::cerr << run.diagnostics.render();
    return 2;
  }
  std::string report = format == "json" ? json_report(run.result, run.vocabulary)
                                        : markdown_report(run.result, run.vocabulary);
  if (out.empty()) {
    std::cout << report;
  } else if (auto error = write_atomically(out, report)) {
    std::cerr << "claimcheck: error: " << *error << "\n";
    return 2;
  }
  return run.result.findings.empty() ? 0 : 1;
}
