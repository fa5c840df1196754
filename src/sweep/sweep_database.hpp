#pragma once
// A sweep's results in SQLite (Debian's libsqlite3-dev), in WAL mode so a kill at any moment
// leaves every committed chunk whole and readers can query while a sweep runs.
//
// Tables, whose content depends only on the sweep file and its base:
//   sweep(key, value)   the sweep file's text, the base's text, compute, points, chunk size, columns
//   points(point, <axes…>, <outputs…>, error, json)   one row per point, keyed by its index
//   chunks(chunk, points)   the chunks committed (with their rows, in one transaction)
// and one of run metadata, which is not results: runs(run, started_utc, finished_utc, host,
// processes, threads_per_process, points_computed).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spec/sweep_file.hpp"
#include "util/result.hpp"

struct sqlite3;

namespace gigasim {

// One computed point, as workers hand it to the writer.
struct PointRow {
  std::uint64_t point = 0;
  std::vector<nlohmann::json> outputs;  // one per SweepSpec::outputs; null where the answer has none
  std::optional<std::string> error;
  std::string json;  // the whole answer, compact; empty when the sweep keeps none
};

// What makes two runs the same sweep.
struct SweepIdentity {
  std::string sweep_text;
  std::string base_text;
};

struct RunMetadata {
  std::string host;
  int processes = 1;
  int threads_per_process = 1;
};

// A query's answer: column names and rows of values (numbers, text or null).
struct QueryTable {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;
};

struct QueryOptions {
  std::string where;  // an SQL expression over the columns; empty: every point
  std::string order;  // a column; empty: by point
  bool descending = false;
  std::optional<std::int64_t> limit;
  bool with_json = false;  // include the json column
  // The query is stopped past this (SQLite's progress handler): a --where is any SQL expression, a
  // recursive WITH that never ends included.
  std::chrono::milliseconds time_limit{std::chrono::seconds(60)};
};

class SweepDatabase {
 public:
  SweepDatabase(SweepDatabase&& other) noexcept;
  SweepDatabase& operator=(SweepDatabase&&) = delete;
  SweepDatabase(const SweepDatabase&) = delete;
  SweepDatabase& operator=(const SweepDatabase&) = delete;
  ~SweepDatabase();

  // Creates the tables, or reopens them for `resume`. Refuses a database of another sweep, and
  // one with results when `resume` is false: nothing a user saved is overwritten.
  static Result<SweepDatabase, std::string> open_for_run(const std::string& path, const SweepSpec& spec,
                                                         const SweepIdentity& identity, bool resume);
  // Read-only, for queries.
  static Result<SweepDatabase, std::string> open_for_query(const std::string& path);

  // Which chunks are committed, by index (all false for a new sweep).
  [[nodiscard]] std::vector<bool> committed_chunks(std::uint64_t chunks) const;
  [[nodiscard]] std::uint64_t points_done() const;
  [[nodiscard]] std::uint64_t points_with_errors() const;
  // The fields at fault most often, most frequent first: {an example message, points}.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint64_t>> common_errors(int limit) const;
  [[nodiscard]] std::uint64_t points_total() const;  // from the sweep table

  // A chunk's rows and its mark, in one transaction.
  Result<bool, std::string> write_chunk(std::uint64_t chunk, const std::vector<PointRow>& rows);

  Result<bool, std::string> begin_run(const RunMetadata& run);
  Result<bool, std::string> end_run(std::uint64_t points_computed);

  [[nodiscard]] std::vector<std::string> columns() const;  // of points, json excluded
  // A value of the sweep table ("compute", "columns", …).
  [[nodiscard]] std::optional<std::string> setting(std::string_view key) const;
  Result<QueryTable, std::string> select(const QueryOptions& options) const;

 private:
  SweepDatabase(sqlite3* db, std::string path, const SweepSpec* spec);
  sqlite3* db_ = nullptr;
  std::string path_;
  const SweepSpec* spec_ = nullptr;  // for writing: the axes' values of a point
  std::int64_t run_ = 0;
};

}  // namespace gigasim
