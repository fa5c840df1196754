#include "app/report_file.hpp"

#include "app/input_files.hpp"

namespace gigasim {

bool write_report(const std::string& path, const std::string& title, const std::string& brief,
                  const std::vector<ReportChart>& charts, const nlohmann::json& data, std::ostream& err) {
  const auto written = write_text_file(path, html_report(title, brief, charts, data));
  if (!written) err << written.error() << "\n";
  return written.ok();
}

}  // namespace gigasim
