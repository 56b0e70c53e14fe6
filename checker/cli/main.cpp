// claimcheck: a thin command line over the library.
#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <mutex>

#include "cli/allocator.hpp"
#include "distribute/distribute.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/stage_clock.hpp"
#include "history/history.hpp"
#include "report/json_stream.hpp"
#include "report/report.hpp"

namespace {

using namespace claimcheck;

// SIGINT and SIGTERM only set these; the solver polls the flag and the run ends without a
// report, so the previous report stays as it was.
std::atomic<bool> stop_requested{false};
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void request_stop(int signal) {
  stop_signal = signal;
  stop_requested.store(true);
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// What stderr is: progress and colour only on a terminal; colour never with NO_COLOR set to
// anything (no-color.org); progress never with --quiet.
struct Terminal {
  bool is_terminal = ::isatty(STDERR_FILENO) == 1;
  bool colour = is_terminal && !(std::getenv("NO_COLOR") && *std::getenv("NO_COLOR"));
};

// "claimcheck: 37 of 132 components solved, 0:03 elapsed, about 0:05 left", rewritten in place
// at most five times a second, once a run has taken half a second; erased when the run ends.
class ProgressLine {
 public:
  ~ProgressLine() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (width_ > 0) std::cerr << '\r' << std::string(width_, ' ') << '\r' << std::flush;
  }
  void update(std::size_t done, std::size_t total) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (now - start_ < std::chrono::milliseconds(500) || now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double left = done == 0 ? 0 : elapsed * static_cast<double>(total - done) / static_cast<double>(done);
    std::string text = fmt::format("claimcheck: {} of {} components solved, {} elapsed{}", done, total, clock(elapsed),
                                   done == 0 || done == total ? "" : ", about " + clock(left) + " left");
    std::size_t width = text.size();
    if (text.size() < width_) text += std::string(width_ - text.size(), ' ');
    width_ = width;
    std::cerr << '\r' << text << std::flush;
  }

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
  std::size_t width_ = 0;
  static std::string clock(double seconds) {
    long s = static_cast<long>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
  }
};

// 128 + the signal, as a shell reports a process the signal ended; 130 when the signal reached
// another MPI rank, whose signal this rank does not know.
int report_interruption(const CheckRun& run, const std::string& out) {
  const char* name = stop_signal == SIGTERM ? "SIGTERM" : "SIGINT";
  std::string cause = run.interrupted_elsewhere ? std::string("a stop on another rank") : std::string("interrupted by ") + name;
  std::cerr << "claimcheck: " << cause << ": " << run.components_solved << " of "
            << run.components() << " components were solved; no report was written"
            << (out.empty() ? std::string() : ", so " + out + " is as it was") << "\n";
  return 128 + (stop_signal == SIGTERM && !run.interrupted_elsewhere ? SIGTERM : SIGINT);
}

// The options `check` and `explain` share: what to read and how to solve.
struct CommonOptions {
  CheckRequest request;
  unsigned threads = 1;
  bool no_witness_check = false;
  std::vector<std::string> weights;
  std::string widest = "3";
  bool quiet = false;
  bool timings = false;

  void add_to(CLI::App* app) {
    app->add_option("inputs", request.inputs, "claim-set files or directories")->required();
    app->add_option("--rules", request.rules_dir, "directory of rule packs")->required();
    app->add_option("--threads", threads, "threads for solve and the stages that share out items (default 1)")
        ->check(CLI::Range(1u, 256u));
    app->add_option("--rlimit", request.solve.rlimit, "Z3 resource units per component (default 20000000)")
        ->check(CLI::Range(static_cast<std::uint64_t>(1), static_cast<std::uint64_t>(4'000'000'000ull)));
    app->add_option("--max-conflicts", request.solve.max_conflicts,
                    "minimal conflicts listed per component before enumeration stops (default 100)")
        ->check(CLI::Range(static_cast<std::size_t>(1), static_cast<std::size_t>(1000000)));
    app->add_option("--weight", weights, "NAME=W: the reliability of an entity or source class (repeatable)");
    app->add_flag("--no-witness-check", no_witness_check, "always ask Z3, even when an exact witness exists");
    app->add_flag("--context-per-component", request.solve.context_per_component,
                  "a new Z3 context for every component (a benchmark baseline; slower, same findings)");
    app->add_flag("--quiet", quiet, "no progress line on a terminal (errors are still printed)");
    app->add_flag("--timings", timings, "print the seconds each stage took to stderr, and the report's");
    app->add_option("--widest-tolerance", widest,
                    "a conflict that widening the tolerances up to this factor removes is a tension (default 3)");
    app->add_option("--max-file-size", request.limits.max_file_bytes,
                    "bytes in one claim set or rule pack (default 67108864)")
        ->check(CLI::Range(static_cast<std::uintmax_t>(1), static_cast<std::uintmax_t>(1ull << 40)));
    app->add_option("--max-depth", request.limits.max_depth, "YAML nesting levels (default 32)")
        ->check(CLI::Range(1, 1000));
    app->add_option("--max-digits", request.limits.max_digits, "digits in one number (default 400)")
        ->check(CLI::Range(static_cast<std::size_t>(1), static_cast<std::size_t>(100000)));
    app->add_option("--suppressions", request.suppressions_file,
                    "a reviewed suppression file: findings accepted as known, shown as suppressed");
    app->add_option("--max-component-claims", request.solve.max_component_claims,
                    "claims in one component that Z3 is asked about; larger ones are undecided (default 5000)")
        ->check(CLI::Range(static_cast<std::size_t>(1), static_cast<std::size_t>(100000000)));
  }

  // False (and a message on stderr) when a --weight is malformed.
  bool finish() {
    request.solve.threads = threads;
    request.solve.witness_check = !no_witness_check;
    auto factor = parse_decimal(widest);
    if (!factor || *factor < 1 || widest.size() > 12) {
      std::cerr << "claimcheck: error: --widest-tolerance expects a number of at least 1, got '" << widest << "'\n";
      return false;
    }
    request.widest_tolerance = *factor;
    for (const auto& w : weights) {
      auto eq = w.find('=');
      std::string number = eq == std::string::npos ? "" : w.substr(eq + 1);
      bool digits = !number.empty() && number.size() <= 6 && number.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoi(number) < 1) {
        std::cerr << "claimcheck: error: --weight expects NAME=W with W a whole number from 1 to 999999, got '" << w
                  << "'\n";
        return false;
      }
      request.weights.entities[w.substr(0, eq)] = std::stoi(number);
    }
    return true;
  }
};

// Runs the pipeline; nullopt (and diagnostics on stderr) on bad input.
using Runner = std::function<CheckRun(const CheckRequest&)>;

std::optional<CheckRun> checked(CheckRequest request, bool quiet, const Runner& runner) {
  Terminal terminal;
  std::optional<ProgressLine> progress;
  if (terminal.is_terminal && !quiet) {
    progress.emplace();
    request.solve.progress = [&progress](std::size_t done, std::size_t total) { progress->update(done, total); };
  }
  CheckRun run;
  try {
    run = runner(request);
  } catch (const std::exception& e) {
    // A bug, not bad input; still no crash and no half-written report.
    std::cerr << "claimcheck: internal error: " << e.what() << "\n";
    return std::nullopt;
  }
  progress.reset();  // the line is erased before anything else is printed
  if (!run.ok() && !stop_requested.load()) {
    std::cerr << run.diagnostics.render(terminal.colour);
    return std::nullopt;
  }
  return run;
}

// The process ends next. Freeing a corpus-sized run one small object at a time took about half
// a second at 100,000 claims (bench/README.md), so the operating system reclaims it instead; it
// stays reachable, so leak checkers do not count it as lost.
CheckRun* left_to_exit = nullptr;
void leave_to_exit(CheckRun run) { left_to_exit = new CheckRun(std::move(run)); }

// An MPI follower rank's part ended with the gather; rank 0 alone reports.
int follower_done(CheckRun run) {
  leave_to_exit(std::move(run));
  return 0;
}

// Finishes the options and runs with SIGINT and SIGTERM handled. nullopt with `code` set when the
// run ends without a result to show: bad options or input (2), or a signal (130 or 143).
std::optional<CheckRun> run_subcommand(CommonOptions& options, const std::string& out, int& code,
                                       const Runner& runner = run_check) {
  code = 2;
  if (!options.finish()) return std::nullopt;
  options.request.solve.stop = &stop_requested;
  install_stop_handlers();
  auto run = checked(options.request, options.quiet, runner);
  // A stopped follower's unfinished components went to rank 0 with the others: rank 0 says so
  // and ends the run (the follower exits 0, so that mpirun does not abort rank 0 first).
  if (run && run->follower_rank) return run;
  if (stop_requested.load() || (run && run->interrupted)) {
    code = report_interruption(run ? *run : CheckRun{}, out);
    if (stop_requested.load()) end_ranks(code);
    return std::nullopt;
  }
  return run;
}

void print_timings(const CheckRun& run) {
  for (const auto& t : run.stage_times)
    std::cerr << fmt::format("{:<10} {:8.3f} s  {:8.3f} s CPU{}\n", t.stage, t.seconds, t.cpu_seconds,
                             t.resident_bytes ? fmt::format("  {:7.1f} MiB resident after", t.resident_bytes / 1048576.0) : "");
  std::cerr << fmt::format("components {}, settled by the exact check {}\n", run.components(), run.settled_by_witness);
  std::cerr << fmt::format("allocator {}\n", allocator_name());
}

// check --stream: the JSON report written batch by batch, straight to --out.
int check_streaming(CommonOptions& options, const std::string& out, std::size_t batch_claims) {
  Vocabulary vocabulary;
  std::optional<JsonReportStream> report;
  BatchSink sink{[&](const Vocabulary& v, const std::vector<Document>& documents) {
                   keep_freed_pages_from_now();
                   vocabulary = v;
                   report.emplace(out, vocabulary, documents);
                 },
                 [&](const CheckResult& batch, int first_component, const std::vector<std::size_t>& global_claim) {
                   return report->add(batch, first_component, global_claim);
                 }};
  int code = 2;
  auto checked_run = run_subcommand(options, out, code, [&](const CheckRequest& request) {
    // The claims wait beside the report, as its sections do: /tmp may be memory.
    return run_check_streaming(request, batch_claims, sink, std::filesystem::path(out).parent_path().string());
  });
  if (!checked_run) return code;
  CheckRun& run = *checked_run;
  for (const auto& warning : run.warnings) std::cerr << "claimcheck: error: " << warning << "\n";
  if (!run.warnings.empty()) return 2;
  StageClock report_clock(run);  // the sections of every batch's "report", put together
  if (auto error = report->finish()) {
    std::cerr << "claimcheck: error: " << *error << "\n";
    return 2;
  }
  if (options.timings) {
    report_clock.lap("assemble", false);
    print_timings(run);
    std::cerr << fmt::format("batches {}\n", run.streamed.batches);
  }
  return run.streamed.open_findings > 0 ? 1 : 0;
}

int emit(const std::string& text, const std::string& out) {
  if (out.empty()) {
    std::cout << text;
  } else if (auto error = write_atomically(out, text)) {
    std::cerr << "claimcheck: error: " << *error << "\n";
    return 2;
  }
  return 0;
}

// Every format but JSON, made whole and then written.
std::string text_report(const std::string& format, const CheckRun& run) {
  return format == "html"                ? html_report(run.result, run.vocabulary)
         : format == "sarif"             ? sarif_report(run.result, run.vocabulary)
         : format == "csv"               ? csv_report(run.result, run.vocabulary)
         : format == "claimreview-draft" ? claimreview_draft(run.result, run.vocabulary)
                                         : markdown_report(run.result, run.vocabulary);
}

// The JSON report, written while it is made (a million claims make 370 MB of it).
int emit_json(const CheckRun& run, unsigned threads, const std::string& out) {
  if (out.empty()) {
    write_json_report(run.result, run.vocabulary, threads, [](std::string_view piece) {
      std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      return true;
    });
    return 0;
  }
  AtomicFileWriter file(out);
  std::optional<std::string> error;
  write_json_report(run.result, run.vocabulary, threads, [&](std::string_view piece) { return !(error = file.write(piece)); });
  if (!error) error = file.commit();
  if (error) {
    std::cerr << "claimcheck: error: " << *error << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun every rank runs this program; only rank 0 prints, reports and records.
  Ranks ranks = start_ranks(argc, argv);
  if (ranks.rank != 0) {
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
  }
  CLI::App app{"claimcheck: finds claims that cannot all be true"};
  app.require_subcommand(1);

  CLI::App* check = app.add_subcommand("check", "check claim sets against rule packs and each other");
  CommonOptions check_options;
  check_options.add_to(check);
  std::string format = "md", out;
  check->add_option("--format", format, "report format")
      ->check(CLI::IsMember({"md", "json", "html", "sarif", "csv", "claimreview-draft"}));
  check->add_option("--out", out, "write the report to this file (atomically) instead of stdout");
  check->add_option("--baseline", check_options.request.baseline_file,
                    "a previous JSON report: leave out the findings it already has");
  std::string history_file;
  bool no_history = false;
  CLI::Option* history_option = check->add_option("--history", history_file,
                    "the run history (SQLite) to record this run in (default: claimcheck-history.sqlite beside the "
                    "claim sets)");
  check->add_flag("--no-history", no_history, "record nothing and mark no finding new, persisting or resolved")
      ->excludes(history_option);
  bool stream = false;
  std::size_t batch_claims = 20000;
  check->add_flag("--stream", stream,
                  "JSON Lines corpora too large to hold: read twice, solved in batches of whole components; writes "
                  "the JSON report to --out (no history, baseline or suppressions)");
  check->add_option("--batch-claims", batch_claims, "with --stream: claims in a batch, at least (default 20000)")
      ->check(CLI::Range(static_cast<std::size_t>(1), static_cast<std::size_t>(1) << 32));

  CLI::App* history = app.add_subcommand("history", "list the recorded runs, or compare two of them");
  std::vector<std::string> history_inputs;
  std::string history_path;
  std::vector<long> diff_runs;
  history->add_option("inputs", history_inputs, "the claim sets whose default history to read");
  history->add_option("--history", history_path, "the history file (default: beside the claim sets)");
  history->add_option("--diff", diff_runs, "two run numbers: what is new, persisting and resolved from A to B")
      ->expected(2);

  CLI::App* regress_command = app.add_subcommand(
      "regress", "compare the findings with the claim sets' expected findings; exit 1 on any difference");
  CommonOptions regress_options;
  regress_options.add_to(regress_command);

  CLI::App* explain = app.add_subcommand("explain", "derive one finding or comparison step by step");
  CommonOptions explain_options;
  std::string fingerprint, explain_format = "text";
  explain->add_option("fingerprint", fingerprint, "a fingerprint from a report, or a prefix naming one")->required();
  explain_options.add_to(explain);
  explain->add_option("--format", explain_format, "output format")->check(CLI::IsMember({"text", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  int code = 0;
  if (history->parsed()) {
    if (history_path.empty() && history_inputs.empty()) {
      std::cerr << "claimcheck: error: history needs the claim sets (for their default history) or --history FILE\n";
      return 2;
    }
    std::string path = history_path.empty() ? default_history_path(history_inputs) : history_path;
    std::string error;
    auto runs = read_history(path, error);
    if (!runs) {
      std::cerr << "claimcheck: error: " << error << "\n";
      return 2;
    }
    if (diff_runs.empty()) {
      std::cout << history_listing(path, *runs);
      return 0;
    }
    auto text = history_diff(*runs, diff_runs[0], diff_runs[1], error);
    if (!text) {
      std::cerr << "claimcheck: error: " << error << "\n";
      return 2;
    }
    std::cout << *text;
    return 0;
  }

  if (check->parsed() && stream) {
    std::string refused = format != "json"                                   ? "--format json"
                          : out.empty()                                      ? "--out FILE"
                          : history_option->count() > 0                      ? "no --history (it is never recorded)"
                          : !check_options.request.baseline_file.empty()     ? "no --baseline"
                          : !check_options.request.suppressions_file.empty() ? "no --suppressions"
                          : ranks.size > 1                                   ? "a single process, not mpirun"
                                                                             : "";
    if (!refused.empty()) {
      std::cerr << "claimcheck: error: --stream writes a JSON report batch by batch, and needs " << refused << "\n";
      return 2;
    }
    return check_streaming(check_options, out, batch_claims);
  }

  if (check->parsed()) {
    keep_freed_pages();
    if (!no_history)
      check_options.request.history_file =
          history_file.empty() ? default_history_path(check_options.request.inputs) : history_file;
    auto run = run_subcommand(check_options, out, code);
    if (!run) return code;
    if (run->follower_rank) return follower_done(std::move(*run));
    for (const auto& warning : run->warnings) std::cerr << "claimcheck: warning: " << warning << "\n";
    StageClock report_clock(*run);
    int written = format == "json" ? emit_json(*run, check_options.request.solve.threads, out)
                                   : emit(text_report(format, *run), out);
    if (written != 0) return written;
    if (check_options.timings) {
      report_clock.lap("report", false);
      print_timings(*run);
    }
    bool open = suppressed_findings(run->result) < static_cast<long>(run->result.findings.size());
    leave_to_exit(std::move(*run));
    return open ? 1 : 0;
  }

  if (regress_command->parsed()) {
    auto run = run_subcommand(regress_options, "", code);
    if (!run) return code;
    if (run->follower_rank) return follower_done(std::move(*run));
    RegressionDiff diff = regress(run->result);
    std::cout << regression_report(run->result, diff);
    return diff.clean() ? 0 : 1;
  }

  explain_options.request.readings = true;
  auto run = run_subcommand(explain_options, "", code);
  if (!run) return code;
  if (run->follower_rank) return follower_done(std::move(*run));
  std::string error;
  auto text = explain_format == "json" ? explain_json(run->result, run->vocabulary, fingerprint, error)
                                       : explain_text(run->result, run->vocabulary, fingerprint, error);
  if (!text) {
    std::cerr << "claimcheck: error: " << error << "\n";
    return 2;
  }
  std::cout << *text;
  return 0;
}
