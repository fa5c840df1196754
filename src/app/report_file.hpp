#pragma once
// `--report FILE.html` of every command: the page written through a temporary file renamed into
// place (app/input_files.hpp), so a failed write never leaves half a report.

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/html_report.hpp"

namespace gigasim {

// False, with the reason on `err`, when the page cannot be written.
bool write_report(const std::string& path, const std::string& title, const std::string& brief,
                  const std::vector<ReportChart>& charts, const nlohmann::json& data, std::ostream& err);

}  // namespace gigasim
