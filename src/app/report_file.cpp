#include "app/report_file.hpp"

#include <fmt/format.h>

#include "app/input_files.hpp"

namespace gigasim {

bool write_report(const std::string& path, const std::string& title, const std::string& brief,
                  const std::vector<ReportChart>& charts, const nlohmann::json& data, std::ostream& err) {
  // Only a name ending in .html: a slip such as `--report plan.yaml` must not overwrite the input.
  if (!path.ends_with(".html") && !path.ends_with(".htm")) {
    err << fmt::format(
        "--report {}: a report is an HTML page; give a file name ending in .html (e.g. --report "
        "plan.html)\n",
        path);
    return false;
  }
  const auto written = write_text_file(path, html_report(title, brief, charts, data));
  if (!written) err << written.error() << "\n";
  return written.ok();
}

}  // namespace gigasim
