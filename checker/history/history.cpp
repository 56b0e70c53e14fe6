#include "history/history.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <thread>

namespace claimcheck {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "claimcheck-history/1";

const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started TEXT NOT NULL, scope TEXT NOT NULL,
                                claims INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS findings(run INTEGER NOT NULL REFERENCES runs(id), fingerprint TEXT NOT NULL,
                                    kind TEXT NOT NULL, rules TEXT NOT NULL, claims TEXT NOT NULL,
                                    suppressed INTEGER NOT NULL, PRIMARY KEY(run, fingerprint));
CREATE INDEX IF NOT EXISTS runs_by_scope ON runs(scope, id);
INSERT OR IGNORE INTO meta VALUES('format', 'claimcheck-history/1');
)";

class Database {
 public:
  Database(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) error_ = message();
    else sqlite3_busy_timeout(db_, 60000);  // concurrent runs queue for the write lock
  }
  ~Database() { sqlite3_close(db_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  const std::string& open_error() const { return error_; }
  sqlite3* get() const { return db_; }
  std::string message() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }
  std::optional<std::string> exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) == SQLITE_OK) return std::nullopt;
    std::string text = error ? error : message();
    sqlite3_free(error);
    return text;
  }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

class Statement {
 public:
  Statement(Database& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return stmt_ != nullptr; }
  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, long value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(stmt_, column);
    return value ? reinterpret_cast<const char*>(value) : "";
  }
  long number(int column) const { return static_cast<long>(sqlite3_column_int64(stmt_, column)); }
  std::string error() const { return db_.message(); }

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) t = static_cast<std::time_t>(std::atoll(epoch));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

RecordedFinding recorded(const CheckResult& result, const Finding& f) {
  return {f.fingerprint, to_string(f.kind), fmt::format("{}", fmt::join(f.rule_ids, ", ")),
          fmt::format("{}", fmt::join(claim_ids(result, f), ", ")), f.suppressed.has_value()};
}

// The findings of one run, by fingerprint.
std::optional<std::vector<RecordedFinding>> findings_of(Database& db, long run) {
  Statement select(db, "SELECT fingerprint, kind, rules, claims, suppressed FROM findings WHERE run = ? "
                       "ORDER BY fingerprint");
  if (!select.ok()) return std::nullopt;
  select.bind(1, run);
  std::vector<RecordedFinding> out;
  int code;
  while ((code = select.step()) == SQLITE_ROW)
    out.push_back({select.text(0), select.text(1), select.text(2), select.text(3), select.number(4) != 0});
  if (code != SQLITE_DONE) return std::nullopt;
  return out;
}

// Is this file a claimcheck history? Empty when it is.
std::string format_problem(Database& db) {
  Statement format(db, "SELECT value FROM meta WHERE key = 'format'");
  if (!format.ok() || format.step() != SQLITE_ROW) return "not a claimcheck history (no format record)";
  if (format.text(0) != kFormat)
    return fmt::format("a history of format '{}'; this claimcheck reads {}", format.text(0), kFormat);
  return "";
}

}  // namespace

RunComparison compare_runs(const std::vector<RecordedFinding>& before, const std::vector<RecordedFinding>& after) {
  std::map<std::string, const RecordedFinding*> earlier;
  for (const auto& r : before) earlier[r.fingerprint] = &r;
  RunComparison out;
  for (const auto& r : after) {
    auto it = earlier.find(r.fingerprint);
    if (it == earlier.end()) {
      out.new_findings.push_back(r);
    } else {
      out.persisting.push_back(r);
      earlier.erase(it);
    }
  }
  for (const auto& [fingerprint, r] : earlier) out.resolved.push_back(*r);
  return out;
}

std::string default_history_path(const std::vector<std::string>& inputs) {
  fs::path first = inputs.empty() ? fs::path(".") : fs::path(inputs.front());
  std::error_code ec;
  fs::path dir = fs::is_directory(first, ec) ? first : first.parent_path();
  return (dir / "claimcheck-history.sqlite").string();
}

std::optional<std::string> record_run(const std::string& path, const std::string& scope, CheckResult& result) {
  Database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db.open_error().empty()) return "cannot open: " + db.open_error();
  // WAL: readers never block the writer, and a killed writer leaves only an uncommitted tail that
  // the next opener discards.
  if (auto error = db.exec("PRAGMA journal_mode=WAL")) return *error;
  if (auto error = db.exec(kSchema)) return *error;
  if (std::string problem = format_problem(db); !problem.empty()) return problem;

  // One transaction per run. IMMEDIATE takes the write lock before reading the previous run, so
  // two concurrent runs of one scope are ordered and each compares with the one before it.
  if (auto error = db.exec("BEGIN IMMEDIATE")) return *error;
  auto fail = [&](std::string why) -> std::optional<std::string> {
    db.exec("ROLLBACK");
    return why;
  };
  long previous = 0;
  {
    Statement last(db, "SELECT id FROM runs WHERE scope = ? ORDER BY id DESC LIMIT 1");
    if (!last.ok()) return fail(db.message());
    last.bind(1, scope);
    int code = last.step();
    if (code == SQLITE_ROW) previous = last.number(0);
    else if (code != SQLITE_DONE) return fail(last.error());
  }
  std::vector<RecordedFinding> before;
  if (previous != 0) {
    auto found = findings_of(db, previous);
    if (!found) return fail(db.message());
    before = std::move(*found);
  }
  long run = 0;
  {
    Statement insert(db, "INSERT INTO runs(started, scope, claims) VALUES(?, ?, ?)");
    if (!insert.ok()) return fail(db.message());
    insert.bind(1, now_iso()).bind(2, scope).bind(3, static_cast<long>(result.claims.size()));
    if (insert.step() != SQLITE_DONE) return fail(insert.error());
    run = static_cast<long>(sqlite3_last_insert_rowid(db.get()));
  }
  std::vector<RecordedFinding> now;
  for (const auto& f : result.findings) now.push_back(recorded(result, f));
  {
    Statement insert(db, "INSERT INTO findings VALUES(?, ?, ?, ?, ?, ?)");
    if (!insert.ok()) return fail(db.message());
    for (const auto& r : now) {
      insert.bind(1, run).bind(2, r.fingerprint).bind(3, r.kind).bind(4, r.rules).bind(5, r.claims);
      insert.bind(6, static_cast<long>(r.suppressed));
      if (insert.step() != SQLITE_DONE) return fail(insert.error());
      insert.reset();
    }
  }
  // For the kill test only: hold the transaction open so a test can kill the run inside it.
  if (const char* pause = std::getenv("CLAIMCHECK_HISTORY_PAUSE_MS"); pause && *pause)
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(pause)));
  if (auto error = db.exec("COMMIT")) return fail(*error);

  RunComparison change = compare_runs(before, now);
  for (auto& f : result.findings) {
    bool persists = std::any_of(change.persisting.begin(), change.persisting.end(),
                                [&](const RecordedFinding& r) { return r.fingerprint == f.fingerprint; });
    f.since = persists ? "persisting" : "new";
  }
  result.history.file = path;
  result.history.run = run;
  result.history.previous_run = previous;
  result.history.resolved = std::move(change.resolved);
  return std::nullopt;
}

std::optional<std::vector<RecordedRun>> read_history(const std::string& path, std::string& error) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    error = fmt::format("{}: no such history file", path);
    return std::nullopt;
  }
  Database db(path, SQLITE_OPEN_READWRITE);  // read-write: opening a WAL file may need to recover it
  if (!db.open_error().empty()) {
    error = fmt::format("{}: cannot open: {}", path, db.open_error());
    return std::nullopt;
  }
  {
    Statement check(db, "PRAGMA quick_check");
    if (!check.ok() || check.step() != SQLITE_ROW || check.text(0) != "ok") {
      error = fmt::format("{}: the history is damaged or not SQLite: {}", path, check.ok() ? check.text(0) : db.message());
      return std::nullopt;
    }
  }
  if (std::string problem = format_problem(db); !problem.empty()) {
    error = fmt::format("{}: {}", path, problem);
    return std::nullopt;
  }
  std::vector<RecordedRun> runs;
  Statement select(db, "SELECT id, started, scope, claims FROM runs ORDER BY id");
  int code;
  while (select.ok() && (code = select.step()) == SQLITE_ROW)
    runs.push_back({select.number(0), select.text(1), select.text(2), select.number(3), {}});
  for (auto& run : runs) {
    auto found = findings_of(db, run.id);
    if (!found) {
      error = fmt::format("{}: {}", path, db.message());
      return std::nullopt;
    }
    run.findings = std::move(*found);
  }
  return runs;
}

}  // namespace claimcheck
