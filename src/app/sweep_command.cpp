#include "app/sweep_command.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "app/cores.hpp"
#include "app/input_files.hpp"
#include "app/report_file.hpp"
#include "report/sweep_charts.hpp"
#include "spec/scenario.hpp"
#include "sweep/sweep_database.hpp"
#include "sweep/sweep_mpi.hpp"
#include "sweep/sweep_run.hpp"
#include "sweep/sweep_work.hpp"
#include "util/number_format.hpp"

namespace gigasim {
namespace {

constexpr int kInvalidInput = 2;              // INTERFACE.md §5
constexpr int kFailed = 1;                    // the database could not be written
constexpr std::size_t kTableTextWidth = 100;  // a table cell's text, cut there

// The base document's text and the name messages use for it.
Result<InputText, std::string> read_base(const SweepSpec& spec, const std::string& sweep_path) {
  const SweepBase& base = spec.base;
  const std::string key = base.scenario ? "scenario" : "job";
  if (base.reference.empty()) return InputText{base.inline_text, fmt::format("{} ({}:)", sweep_path, key)};
  const std::filesystem::path relative =
      std::filesystem::path(sweep_path).parent_path() / std::filesystem::path(base.reference);
  const std::string path =
      std::filesystem::path(base.reference).is_absolute() ? base.reference : relative.lexically_normal().string();
  if (std::filesystem::exists(path)) {
    auto text = read_text_file(path);
    if (!text) return fail(text.error());
    return InputText{std::move(text).value(), path};
  }
  if (base.scenario)
    if (const auto builtin = builtin_scenario(base.reference))
      return InputText{std::string(builtin->text), std::string(builtin->path)};
  std::string fix = fmt::format("give a path relative to the sweep file ({} was looked for)", path);
  if (base.scenario) {
    std::string names;
    for (const std::string& name : builtin_scenario_names()) names += (names.empty() ? "" : ", ") + name;
    fix += ", or a built-in scenario: " + names;
  }
  return fail(format_diagnostic({base.where, key, fmt::format("'{}' is not a file", base.reference), fix}));
}

struct PreparedSweep {
  SweepWork work;
  std::string sweep_text;
};

// Rank 0's (or the only process's) reading and checking; error lines ready to print.
Result<PreparedSweep, std::vector<std::string>> prepare(const std::string& sweep_path, const Catalog& catalog) {
  const auto text = read_text_file(sweep_path);
  if (!text) return fail(std::vector<std::string>{text.error()});
  auto spec = parse_sweep(text.value(), sweep_path);
  if (!spec) return fail(formatted(spec.error()));
  const auto base = read_base(spec.value(), sweep_path);
  if (!base) return fail(std::vector<std::string>{base.error()});
  PreparedSweep prepared{{std::move(spec).value(), base.value().text, base.value().origin, &catalog}, text.value()};
  if (auto problems = check_sweep(prepared.work, sweep_path); !problems.empty()) return fail(std::move(problems));
  return prepared;
}

std::string host_name() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "unknown";
  return name.data();
}

// ---- Query output --------------------------------------------------------------------------

std::string cell_text(const nlohmann::json& value) {
  if (value.is_null()) return "-";
  if (value.is_number_integer()) return with_commas(static_cast<double>(value.get<std::int64_t>()));
  if (value.is_number()) {
    constexpr int kSignificant = 4;
    return plain_number(value.get<double>(), kSignificant);
  }
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (const auto newline = text.find('\n'); newline != std::string::npos) text = text.substr(0, newline) + " …";
  if (text.size() > kTableTextWidth) text = text.substr(0, kTableTextWidth - 1) + "…";
  return text;
}

std::string csv_cell(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (!value.is_string()) return value.dump();
  const std::string& text = value.get_ref<const std::string&>();
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The error column only when a shown row has one.
QueryTable without_empty_errors(QueryTable table) {
  const auto error = std::find(table.columns.begin(), table.columns.end(), "error");
  if (error == table.columns.end()) return table;
  const auto column = static_cast<std::size_t>(error - table.columns.begin());
  for (const auto& row : table.rows)
    if (!row[column].is_null()) return table;
  table.columns.erase(error);
  for (auto& row : table.rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
  return table;
}

void print_table(const QueryTable& table, std::ostream& out) {
  std::vector<std::size_t> widths;
  for (const std::string& name : table.columns) widths.push_back(name.size());
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows) {
    std::vector<std::string> line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line.push_back(cell_text(row[c]));
      widths[c] = std::max(widths[c], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  const auto print_line = [&](const std::vector<std::string>& line) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c)
      text += fmt::format("{}{:>{}}", c == 0 ? "" : "  ", line[c], widths[c]);
    out << text << "\n";
  };
  print_line(table.columns);
  for (const auto& line : cells) print_line(line);
}

void print_csv(const QueryTable& table, std::ostream& out) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) out << (c == 0 ? "" : ",") << table.columns[c];
  out << "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) out << (c == 0 ? "" : ",") << csv_cell(row[c]);
    out << "\n";
  }
}

nlohmann::json table_json(const QueryTable& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < row.size(); ++c) object[table.columns[c]] = row[c];
    rows.push_back(std::move(object));
  }
  return rows;
}

bool wants_query(const SweepCommandOptions& options) {
  return options.top || !options.where.empty() || !options.order.empty() || options.csv || options.json ||
         !options.report_path.empty();
}

std::chrono::milliseconds query_time(const SweepCommandOptions& options) {
  return std::chrono::milliseconds(static_cast<long long>(options.time_limit_s * 1000));
}

int query(const SweepCommandOptions& options, std::ostream& out, std::ostream& err) {
  auto db = SweepDatabase::open_for_query(options.db_path);
  if (!db) {
    err << "gigasim sweep: " << db.error() << "\n";
    return kInvalidInput;
  }
  const std::uint64_t total = db.value().points_total();
  const std::uint64_t done = db.value().points_done();
  auto selected =
      db.value().select({options.where, options.order, options.descending, options.top, false, query_time(options)});
  if (!selected) {
    err << "gigasim sweep: " << selected.error() << "\n";
    return kInvalidInput;
  }
  const QueryTable table = without_empty_errors(std::move(selected).value());
  if (options.csv)
    print_csv(table, out);
  else if (options.json)
    out << table_json(table).dump(2) << "\n";
  else {
    out << fmt::format("{}: {} of {} points done ({} with errors); {} shown\n", options.db_path,
                       with_commas(double(done)), with_commas(double(total)),
                       with_commas(double(db.value().points_with_errors())), with_commas(double(table.rows.size())));
    print_table(table, out);
  }
  if (options.report_path.empty()) return 0;
  // The report plots every point the --where selects (--top limits only the table).
  auto all =
      db.value().select({options.where, options.order, options.descending, std::nullopt, false, query_time(options)});
  if (!all) {
    err << "gigasim sweep: " << all.error() << "\n";
    return kInvalidInput;
  }
  SweepChartTable chart_table{{}, {}, all.value().columns, all.value().rows};
  const nlohmann::json roles = nlohmann::json::parse(db.value().setting("columns").value_or("[]"));
  for (const nlohmann::json& role : roles)
    (role.contains("axis") ? chart_table.axes : chart_table.outputs).push_back(role.at("column").get<std::string>());
  std::ostringstream brief;
  brief << fmt::format("Sweep of {} points ({}), {} done; {} selected{}.\n", with_commas(double(total)),
                       db.value().setting("compute").value_or("?"), with_commas(double(done)),
                       with_commas(double(all.value().rows.size())),
                       options.where.empty() ? "" : " where " + options.where);
  print_table(table, brief);
  return write_report(options.report_path, "gigasim sweep: " + options.db_path, brief.str(), sweep_charts(chart_table),
                      table_json(all.value()), err)
             ? 0
             : kFailed;
}

void print_summary(const SweepRunSummary& summary, const SweepDatabase& db, const SweepCommandOptions& options,
                   int processes, int threads, std::ostream& out) {
  const double rate = summary.seconds > 0 ? static_cast<double>(summary.computed) / summary.seconds : 0;
  std::string resumed;
  if (summary.already_done > 0)
    resumed = fmt::format(" ({} were done already)", with_commas(double(summary.already_done)));
  out << fmt::format(
      "sweep: {} points{}; computed {} in {:.1f} s, {:.1f} points/s on {} process{} × {} thread{}; {} with errors; "
      "results in {}\n",
      with_commas(double(summary.points)), resumed, with_commas(double(summary.computed)), summary.seconds, rate,
      processes, processes == 1 ? "" : "es", threads, threads == 1 ? "" : "s",
      with_commas(double(db.points_with_errors())), options.db_path);
  // The reasons most points failed, so a typo shows at once rather than in a query.
  constexpr int kCommonErrors = 3;
  for (const auto& [error, points] : db.common_errors(kCommonErrors))
    out << fmt::format("  {} point{} like: {}\n", with_commas(double(points)), points == 1 ? "" : "s",
                       cell_text(nlohmann::json(error)));
}

}  // namespace

int run_sweep(const SweepCommandOptions& options, std::ostream& out, std::ostream& err) {
  if (options.db_path.empty()) {
    err << "gigasim sweep: --db is required: the SQLite file the results go to (or are read from)\n";
    return kInvalidInput;
  }
  if (options.sweep_path.empty()) return MpiWorld::launched_as_other_rank() ? 0 : query(options, out, err);

  // Under mpirun or srun every rank runs this; rank 0 reads, checks, writes and reports.
  const std::unique_ptr<MpiWorld> world = MpiWorld::join_if_launched();
  const bool distributed = world && world->size() > 1;
  // Launchers bind each rank to its own cores, so under one a rank computes on one thread by default.
  const int threads = options.threads > 0 ? options.threads : (world ? 1 : threads_or_every_core());
  if (distributed && world->rank() != 0) {
    // Rank 0 decides, and sends its texts (sweep, base, --catalog files), so ranks need no shared
    // file system for inputs.
    std::string message;
    world->broadcast(message);
    if (message.empty()) return 0;  // rank 0 reported the problem
    const nlohmann::json inputs = nlohmann::json::parse(message);
    auto catalog = load_builtin_catalog();
    for (const nlohmann::json& file : inputs.at("catalogs")) {
      if (!catalog) break;
      catalog = merge_catalog_text(std::move(catalog).value(), file.at("text").get<std::string>(),
                                   file.at("path").get<std::string>());
    }
    auto spec = parse_sweep(inputs.at("sweep").get<std::string>(), inputs.at("sweep_origin").get<std::string>());
    if (!catalog || !spec) world->abort("the catalog or sweep file rank 0 accepted does not parse here");
    const SweepWork work{std::move(spec).value(), inputs.at("base").get<std::string>(),
                         inputs.at("base_origin").get<std::string>(), &catalog.value()};
    run_sweep_worker(work, inputs.at("threads").get<int>(), *world);
    return 0;
  }
  const auto catalog = load_catalog(options.catalog_files);

  const auto abort_workers = [&] {
    if (distributed) {
      std::string nothing;
      world->broadcast(nothing);
    }
  };
  if (!catalog) {
    for (const std::string& line : catalog.error()) err << line << "\n";
    abort_workers();
    return kInvalidInput;
  }
  // The --catalog files as text, for the other ranks.
  nlohmann::json catalogs = nlohmann::json::array();
  for (const std::string& path : options.catalog_files) {
    const auto text = read_text_file(path);
    if (!text) {
      err << text.error() << "\n";
      abort_workers();
      return kInvalidInput;
    }
    catalogs.push_back({{"path", path}, {"text", text.value()}});
  }
  auto prepared = prepare(options.sweep_path, catalog.value());
  if (!prepared) {
    for (const std::string& line : prepared.error()) err << line << "\n";
    abort_workers();
    return kInvalidInput;
  }
  const SweepWork& work = prepared.value().work;
  auto db = SweepDatabase::open_for_run(options.db_path, work.spec, {prepared.value().sweep_text, work.base_text},
                                        options.resume);
  if (!db) {
    err << "gigasim sweep: " << db.error() << "\n";
    abort_workers();
    return kInvalidInput;
  }
  const int processes = distributed ? world->size() : 1;
  if (auto begun = db.value().begin_run({distributed ? world->processor_name() : host_name(), processes, threads});
      !begun) {
    err << "gigasim sweep: --db " << options.db_path << ": " << begun.error() << "\n";
    abort_workers();
    return kFailed;
  }
  const SweepRunSettings settings{threads, isatty(STDERR_FILENO) != 0};
  Result<SweepRunSummary, std::string> summary = fail(std::string());
  if (distributed) {
    std::string inputs = nlohmann::json{
        {"sweep", prepared.value().sweep_text},
        {"sweep_origin", options.sweep_path},
        {"base", work.base_text},
        {"base_origin", work.base_origin},
        {"catalogs", catalogs},
        {"threads", threads}}.dump();
    world->broadcast(inputs);
    summary = run_sweep_root(work, db.value(), settings, *world, err);
  } else {
    summary = run_sweep_here(work, db.value(), settings, err);
  }
  if (!summary) {
    err << "gigasim sweep: " << summary.error() << "\n";
    return kFailed;
  }
  (void)db.value().end_run(summary.value().computed);
  print_summary(summary.value(), db.value(), options, processes, threads, out);
  if (!wants_query(options)) return 0;
  return query(options, out, err);
}

}  // namespace gigasim
