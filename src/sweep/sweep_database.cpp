#include "sweep/sweep_database.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "util/work_limit.hpp"

namespace gigasim {
namespace {

constexpr int kFormat = 1;  // the tables' layout; a later layout refuses to resume an older one
constexpr int kBusyTimeoutMs = 10'000;
// SQLite calls the progress handler every this many virtual-machine steps (a few microseconds).
constexpr int kOpsPerClockRead = 10'000;

// Holds a progress handler for a scope: queries on `db` are interrupted once `limit` has passed.
class QueryClock {
 public:
  QueryClock(sqlite3* db, std::chrono::milliseconds limit)
      : db_(db), limit_(WorkLimit::after_seconds(std::chrono::duration<double>(limit).count())) {
    sqlite3_progress_handler(
        db_, kOpsPerClockRead, [](void* work) { return static_cast<const WorkLimit*>(work)->reached() ? 1 : 0; },
        &limit_);
  }
  QueryClock(const QueryClock&) = delete;
  QueryClock& operator=(const QueryClock&) = delete;
  ~QueryClock() { sqlite3_progress_handler(db_, 0, nullptr, nullptr); }

 private:
  sqlite3* db_;
  WorkLimit limit_;
};

std::string sql_name(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

// One prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    const char* tail = nullptr;
    status_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, &tail);
    tail_ = tail == nullptr ? std::string_view{} : std::string_view(tail, sql.data() + sql.size() - tail);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }

  [[nodiscard]] bool ok() const { return status_ == SQLITE_OK && statement_ != nullptr; }
  [[nodiscard]] std::string_view tail() const { return tail_; }
  sqlite3_stmt* get() { return statement_; }

  void bind(int index, const nlohmann::json& value) {
    if (value.is_null())
      sqlite3_bind_null(statement_, index);
    else if (value.is_boolean())
      sqlite3_bind_int(statement_, index, value.get<bool>() ? 1 : 0);
    else if (value.is_number_integer())
      sqlite3_bind_int64(statement_, index, value.get<std::int64_t>());
    else if (value.is_number())
      sqlite3_bind_double(statement_, index, value.get<double>());
    else if (value.is_string())
      bind_text(index, value.get_ref<const std::string&>());
    else
      bind_text(index, value.dump());
  }
  void bind_text(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind_int(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }

  nlohmann::json column(int index) {
    switch (sqlite3_column_type(statement_, index)) {
      case SQLITE_INTEGER: return sqlite3_column_int64(statement_, index);
      case SQLITE_FLOAT: return sqlite3_column_double(statement_, index);
      case SQLITE_NULL: return nullptr;
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
        return std::string(text == nullptr ? "" : text);
      }
    }
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
  int status_ = SQLITE_ERROR;
  std::string_view tail_;
};

std::string message(sqlite3* db) {
  return sqlite3_errmsg(db);
}

Result<bool, std::string> execute(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string text = error == nullptr ? message(db) : std::string(error);
    sqlite3_free(error);
    return fail(text);
  }
  return true;
}

std::optional<std::string> meta(sqlite3* db, std::string_view key) {
  Statement statement(db, "SELECT value FROM sweep WHERE key = ?");
  if (!statement.ok()) return std::nullopt;
  statement.bind_text(1, std::string(key));
  if (sqlite3_step(statement.get()) != SQLITE_ROW) return std::nullopt;
  const nlohmann::json value = statement.column(0);
  return value.is_string() ? value.get<std::string>() : value.dump();
}

bool has_table(sqlite3* db, std::string_view table) {
  Statement statement(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  statement.bind_text(1, std::string(table));
  return statement.ok() && sqlite3_step(statement.get()) == SQLITE_ROW;
}

std::uint64_t count(sqlite3* db, const std::string& sql) {
  Statement statement(db, sql);
  if (!statement.ok() || sqlite3_step(statement.get()) != SQLITE_ROW) return 0;
  return static_cast<std::uint64_t>(sqlite3_column_int64(statement.get(), 0));
}

// An axis value as the database holds it: whole numbers as integers, other numbers as reals,
// names and mappings as their YAML text.
nlohmann::json value_json(const SweepValue& value) {
  constexpr double kLargestExact = 9007199254740992.0;  // 2^53
  if (!value.number) return value.yaml;
  if (std::floor(*value.number) == *value.number && std::abs(*value.number) <= kLargestExact)
    return static_cast<std::int64_t>(*value.number);
  return *value.number;
}

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

nlohmann::json column_names(const SweepSpec& spec) {
  nlohmann::json names = nlohmann::json::array();
  for (const SweepAxis& axis : spec.axes) names.push_back({{"column", axis.column}, {"axis", axis.path}});
  for (const SweepOutput& output : spec.outputs) names.push_back({{"column", output.column}, {"output", output.path}});
  return names;
}

Result<bool, std::string> create_tables(sqlite3* db, const SweepSpec& spec, const SweepIdentity& identity) {
  std::string columns;
  for (const SweepAxis& axis : spec.axes) columns += ", " + sql_name(axis.column);
  for (const SweepOutput& output : spec.outputs) columns += ", " + sql_name(output.column);
  const std::string schema =
      "BEGIN;"
      "CREATE TABLE sweep (key TEXT PRIMARY KEY, value);"
      "CREATE TABLE points (point INTEGER PRIMARY KEY" +
      columns +
      ", error TEXT, json TEXT);"
      "CREATE TABLE chunks (chunk INTEGER PRIMARY KEY, points INTEGER NOT NULL);"
      "CREATE TABLE runs (run INTEGER PRIMARY KEY, started_utc TEXT, finished_utc TEXT, host TEXT, processes INTEGER,"
      " threads_per_process INTEGER, points_computed INTEGER);";
  if (auto done = execute(db, schema); !done) return done;
  Statement insert(db, "INSERT INTO sweep (key, value) VALUES (?, ?)");
  const std::vector<std::pair<std::string, nlohmann::json>> entries = {
      {"format", kFormat},
      {"sweep_file", identity.sweep_text},
      {"base", identity.base_text},
      {"compute", std::string(to_string(spec.compute))},
      {"points", spec.points()},
      {"chunk_points", spec.chunk_points},
      {"columns", column_names(spec).dump()}};
  for (const auto& [key, value] : entries) {
    insert.bind_text(1, key);
    insert.bind(2, value);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return fail(message(db));
    sqlite3_reset(insert.get());
  }
  return execute(db, "COMMIT;");
}

}  // namespace

SweepDatabase::SweepDatabase(sqlite3* db, std::string path, const SweepSpec* spec)
    : db_(db), path_(std::move(path)), spec_(spec) {}

SweepDatabase::SweepDatabase(SweepDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), spec_(other.spec_), run_(other.run_) {}

SweepDatabase::~SweepDatabase() {
  sqlite3_close(db_);
}

Result<SweepDatabase, std::string> SweepDatabase::open_for_run(const std::string& path, const SweepSpec& spec,
                                                               const SweepIdentity& identity, bool resume) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  SweepDatabase db(raw, path, &spec);
  if (opened != SQLITE_OK)
    return fail(fmt::format("--db {}: cannot open or create it ({}); give a path in a writable folder", path,
                            raw == nullptr ? "out of memory" : message(raw)));
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // WAL: a commit is whole or absent after a kill, and queries read while the sweep writes.
  // synchronous=NORMAL keeps that for a killed process (only a power cut may lose the last commits).
  if (auto wal = execute(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !wal)
    return fail(fmt::format("--db {}: is not a SQLite database or cannot be written ({})", path, wal.error()));
  if (!has_table(raw, "sweep")) {
    if (has_table(raw, "points") || count(raw, "SELECT count(*) FROM sqlite_master") > 0)
      return fail(fmt::format("--db {}: holds other tables, not a gigasim sweep; give a new path", path));
    if (auto created = create_tables(raw, spec, identity); !created)
      return fail(fmt::format("--db {}: cannot create the tables ({})", path, created.error()));
    return db;
  }
  if (meta(raw, "format") != std::to_string(kFormat))
    return fail(fmt::format("--db {}: was written by another version of gigasim sweep; give a new path", path));
  if (meta(raw, "sweep_file") != identity.sweep_text)
    return fail(
        fmt::format("--db {}: holds the results of a different sweep file (or this one before an edit); give "
                    "a new --db, or the sweep file it was made from",
                    path));
  if (meta(raw, "base") != identity.base_text)
    return fail(
        fmt::format("--db {}: holds results for a different base job or scenario (it was edited since); give a "
                    "new --db, or restore the base",
                    path));
  const std::uint64_t done = db.points_done();
  if (!resume)
    return fail(
        fmt::format("--db {}: already holds {} of this sweep's {} points; add --resume to finish it, or "
                    "give a new path (nothing is overwritten)",
                    path, done, spec.points()));
  return db;
}

Result<SweepDatabase, std::string> SweepDatabase::open_for_query(const std::string& path) {
  if (!std::filesystem::exists(path))
    return fail(fmt::format("--db {}: no such file; give the database a sweep wrote", path));
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  SweepDatabase db(raw, path, nullptr);
  if (opened != SQLITE_OK) return fail(fmt::format("--db {}: cannot open it ({})", path, message(raw)));
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  if (!has_table(raw, "sweep") || !has_table(raw, "points"))
    return fail(fmt::format("--db {}: is not a gigasim sweep database (no sweep and points tables)", path));
  return db;
}

std::vector<bool> SweepDatabase::committed_chunks(std::uint64_t chunks) const {
  std::vector<bool> done(chunks, false);
  Statement statement(db_, "SELECT chunk FROM chunks");
  while (statement.ok() && sqlite3_step(statement.get()) == SQLITE_ROW) {
    const auto chunk = static_cast<std::uint64_t>(sqlite3_column_int64(statement.get(), 0));
    if (chunk < chunks) done[chunk] = true;
  }
  return done;
}

std::uint64_t SweepDatabase::points_done() const {
  return count(db_, "SELECT count(*) FROM points");
}

std::uint64_t SweepDatabase::points_with_errors() const {
  return count(db_, "SELECT count(*) FROM points WHERE error IS NOT NULL");
}

std::vector<std::pair<std::string, std::uint64_t>> SweepDatabase::common_errors(int limit) const {
  std::vector<std::pair<std::string, std::uint64_t>> errors;
  // Grouped by the field at fault (the text before the first ": "), with the first message as the
  // example: "2048 sequences do not split into …" differs in its numbers from point to point.
  Statement statement(db_,
                      "SELECT min(error), count(*) FROM points WHERE error IS NOT NULL "
                      "GROUP BY substr(error, 1, instr(error, ': ')) ORDER BY count(*) DESC, min(error) LIMIT ?");
  statement.bind_int(1, limit);
  while (statement.ok() && sqlite3_step(statement.get()) == SQLITE_ROW)
    errors.emplace_back(statement.column(0).get<std::string>(),
                        static_cast<std::uint64_t>(sqlite3_column_int64(statement.get(), 1)));
  return errors;
}

std::uint64_t SweepDatabase::points_total() const {
  const auto total = meta(db_, "points");
  return total ? std::stoull(*total) : 0;
}

Result<bool, std::string> SweepDatabase::write_chunk(std::uint64_t chunk, const std::vector<PointRow>& rows) {
  const SweepSpec& spec = *spec_;
  std::string names = "point";
  std::string marks = "?";
  for (const SweepAxis& axis : spec.axes) names += ", " + sql_name(axis.column), marks += ", ?";
  for (const SweepOutput& output : spec.outputs) names += ", " + sql_name(output.column), marks += ", ?";
  names += ", error, json";
  marks += ", ?, ?";
  if (auto begun = execute(db_, "BEGIN IMMEDIATE;"); !begun) return begun;
  {
    Statement insert(db_, "INSERT INTO points (" + names + ") VALUES (" + marks + ")");
    if (!insert.ok()) return fail(message(db_));
    for (const PointRow& row : rows) {
      int column = 1;
      insert.bind_int(column++, static_cast<std::int64_t>(row.point));
      const std::vector<std::size_t> digits = spec.digits(row.point);
      for (std::size_t axis = 0; axis < spec.axes.size(); ++axis) {
        const SweepValue& value = spec.axes[axis].values[digits[axis]];
        insert.bind(column++, value_json(value));
      }
      for (const nlohmann::json& output : row.outputs) insert.bind(column++, output);
      insert.bind(column++, row.error ? nlohmann::json(*row.error) : nlohmann::json(nullptr));
      insert.bind(column++, row.json.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.json));
      if (sqlite3_step(insert.get()) != SQLITE_DONE) {
        const std::string why = message(db_);
        (void)execute(db_, "ROLLBACK;");
        return fail(fmt::format("--db {}: writing point {} failed ({})", path_, row.point, why));
      }
      sqlite3_reset(insert.get());
    }
    Statement mark(db_, "INSERT INTO chunks (chunk, points) VALUES (?, ?)");
    mark.bind_int(1, static_cast<std::int64_t>(chunk));
    mark.bind_int(2, static_cast<std::int64_t>(rows.size()));
    if (sqlite3_step(mark.get()) != SQLITE_DONE) {
      const std::string why = message(db_);
      (void)execute(db_, "ROLLBACK;");
      return fail(fmt::format("--db {}: marking chunk {} failed ({})", path_, chunk, why));
    }
  }
  if (auto committed = execute(db_, "COMMIT;"); !committed)
    return fail(fmt::format("--db {}: commit failed ({}); is the disk full?", path_, committed.error()));
  return true;
}

Result<bool, std::string> SweepDatabase::begin_run(const RunMetadata& run) {
  Statement insert(db_,
                   "INSERT INTO runs (started_utc, host, processes, threads_per_process, points_computed) "
                   "VALUES (?, ?, ?, ?, 0)");
  insert.bind_text(1, utc_now());
  insert.bind_text(2, run.host);
  insert.bind_int(3, run.processes);
  insert.bind_int(4, run.threads_per_process);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) return fail(message(db_));
  run_ = sqlite3_last_insert_rowid(db_);
  return true;
}

Result<bool, std::string> SweepDatabase::end_run(std::uint64_t points_computed) {
  Statement update(db_, "UPDATE runs SET finished_utc = ?, points_computed = ? WHERE run = ?");
  update.bind_text(1, utc_now());
  update.bind_int(2, static_cast<std::int64_t>(points_computed));
  update.bind_int(3, run_);
  if (sqlite3_step(update.get()) != SQLITE_DONE) return fail(message(db_));
  return true;
}

std::optional<std::string> SweepDatabase::setting(std::string_view key) const {
  return meta(db_, key);
}

std::vector<std::string> SweepDatabase::columns() const {
  std::vector<std::string> names;
  Statement statement(db_, "SELECT name FROM pragma_table_info('points')");
  while (statement.ok() && sqlite3_step(statement.get()) == SQLITE_ROW) {
    std::string name = statement.column(0).get<std::string>();
    if (name != "json") names.push_back(std::move(name));
  }
  return names;
}

Result<QueryTable, std::string> SweepDatabase::select(const QueryOptions& options) const {
  const std::vector<std::string> known = columns();
  const auto list_columns = [&] {
    std::string text;
    for (const std::string& name : known) text += (text.empty() ? "" : ", ") + name;
    return text;
  };
  QueryTable table;
  table.columns = known;
  if (options.with_json) table.columns.emplace_back("json");
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < table.columns.size(); ++i) sql += (i == 0 ? "" : ", ") + sql_name(table.columns[i]);
  sql += " FROM points";
  if (!options.where.empty()) sql += " WHERE (" + options.where + ")";
  if (!options.order.empty()) {
    if (std::find(known.begin(), known.end(), options.order) == known.end())
      return fail(fmt::format("--order {}: no such column; use one of {}", options.order, list_columns()));
    sql += " ORDER BY " + sql_name(options.order) + (options.descending ? " DESC" : " ASC") + " NULLS LAST, point";
  } else {
    sql += " ORDER BY point";
  }
  if (options.limit) sql += fmt::format(" LIMIT {}", *options.limit);
  Statement statement(db_, sql);
  if (!statement.ok()) {
    const std::string why = message(db_);
    if (!options.where.empty())
      return fail(fmt::format("--where \"{}\": {}; columns are {}", options.where, why, list_columns()));
    return fail(fmt::format("--db {}: {}", path_, why));
  }
  if (statement.tail().find_first_not_of(" \t\r\n;") != std::string_view::npos)
    return fail(fmt::format("--where \"{}\": give one expression, such as \"facility_mw < 150 AND days < 100\"",
                            options.where));
  const int width = static_cast<int>(table.columns.size());
  const QueryClock clock(db_, options.time_limit);
  for (int step = sqlite3_step(statement.get());; step = sqlite3_step(statement.get())) {
    if (step == SQLITE_DONE) break;
    if (step == SQLITE_INTERRUPT)
      return fail(
          fmt::format("--where \"{}\": the query ran past {:g} s and was stopped (a recursive WITH that never "
                      "ends?); give an expression over the columns, such as \"facility_mw < 150\"",
                      options.where, std::chrono::duration<double>(options.time_limit).count()));
    if (step != SQLITE_ROW) return fail(fmt::format("--db {}: {}", path_, message(db_)));
    std::vector<nlohmann::json> row;
    row.reserve(static_cast<std::size_t>(width));
    for (int column = 0; column < width; ++column) row.push_back(statement.column(column));
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace gigasim
