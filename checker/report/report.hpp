#pragma once
// report/: a CheckResult to Markdown or JSON text, and an atomic way to write it.
#include <functional>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.hpp"
#include "model/vocabulary.hpp"
#include "history/history.hpp"
#include "review/review.hpp"

namespace claimcheck {

std::string markdown_report(const CheckResult& result, const Vocabulary& vocab);
std::string json_report(const CheckResult& result, const Vocabulary& vocab, unsigned threads = 1);
// The same text handed to `write` in pieces, in order; `write` returns false to stop (it could
// not write), and so does this. The corpus-sized sections go in chunks of items made on
// `threads` while `write` takes the chunk before, so that writing a large report overlaps making
// it and the whole text is never held at once.
bool write_json_report(const CheckResult& result, const Vocabulary& vocab, unsigned threads,
                       const std::function<bool(std::string_view)>& write);
// SARIF 2.1.0: one result per finding, located at its first claim's file:line:col, the other
// claims as related locations, the fingerprint as a partial fingerprint.
std::string sarif_report(const CheckResult& result, const Vocabulary& vocab);
// RFC 4180 CSV, one row per finding; list fields joined with "; " (quotes and numbers with line
// breaks).
std::string csv_report(const CheckResult& result, const Vocabulary& vocab);
// schema.org JSON-LD: a Claim for every claim a finding disputes (text, author, datePublished,
// appearance) and a ClaimReview skeleton for each, with the discrepancy as its body and the
// rating left empty for an editor.
std::string claimreview_draft(const CheckResult& result, const Vocabulary& vocab);

// One self-contained HTML page (inline CSS and SVG, no script, no network): summary, findings
// with claims side by side and quotes marked in context, indexes by source, document and metric,
// a chart per metric of claimed values over time, and a matrix of who disputes whom.
std::string html_report(const CheckResult& result, const Vocabulary& vocab);

// "accepted as known by NAME on DATE: WHY", as every format shows a suppressed finding.
std::string suppression_note(const Suppression& s);

// `claimcheck regress`: changed, missing and unexpected findings against the claim sets'
// expectations, then stale suppressions, then the count of differences.
std::string regression_report(const CheckResult& result, const RegressionDiff& diff);

// `claimcheck history`: every run (new, persisting and resolved against the previous run of its
// scope) and the scopes' claim-set files; and what changed from run `from` to run `to` (nullopt
// with `error` set when either is not in the history).
std::string history_listing(const std::string& path, const std::vector<RecordedRun>& runs);
std::optional<std::string> history_diff(const std::vector<RecordedRun>& runs, long from, long to, std::string& error);

// One finding or comparison by fingerprint (or a prefix naming just one), derived step by step:
// each claim's facts with the words that made them, the rule instances, the arithmetic. nullopt
// with `error` set when the fingerprint names nothing or more than one.
std::optional<std::string> explain_text(const CheckResult& result, const Vocabulary& vocab,
                                        const std::string& fingerprint, std::string& error);
std::optional<std::string> explain_json(const CheckResult& result, const Vocabulary& vocab,
                                        const std::string& fingerprint, std::string& error);

// Writes to a temporary file beside `path`, then renames it over `path`; on failure `path` is
// untouched and the reason is returned.
std::optional<std::string> write_atomically(const std::string& path, const std::string& content);

// write_atomically in pieces, for a report too large to hold: the pieces go to a temporary file
// beside `path` (buffered), and commit() renames it over `path`. Until then, and whenever
// something fails, `path` is untouched; the temporary file goes when the writer does.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  // Why the temporary file could not be made or written, or nullopt; sticky.
  std::optional<std::string> write(std::string_view piece);
  // `length` bytes of the open file `fd` from `offset` on, copied by the kernel where it can
  // (copy_file_range), else read and written; a read that fails or ends early is reported as
  // "cannot read SOURCE: ...".
  std::optional<std::string> copy_from(int fd, std::uint64_t offset, std::uint64_t length, const std::string& source);
  std::optional<std::string> commit();

 private:
  std::optional<std::string> flush();
  std::string path_, temp_;
  int fd_ = -1;
  std::string buffer_;
  std::optional<std::string> error_;
};

}  // namespace claimcheck
