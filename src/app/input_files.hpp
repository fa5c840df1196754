#pragma once
// The CLI's only file reading: job and catalog files, with errors that name the file.

#include <string>
#include <string_view>
#include <vector>

#include "spec/catalog.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

Result<std::string, std::string> read_text_file(const std::string& path);

// What `gigasim plan` and `gigasim run` were given: a file's text, or else the built-in scenario of
// that name (data/scenarios/NAME.yaml). The text and the name messages use ({text, origin}); the
// error lists the built-in names.
struct InputText {
  std::string text;
  std::string origin;
};
Result<InputText, std::string> read_file_or_builtin_scenario(const std::string& wanted);

// Writes `text` to `path` through a temporary file renamed into place, so a failed write never
// leaves half a file; the error names the path and the fix.
Result<bool, std::string> write_text_file(const std::string& path, const std::string& text);

// Problem lines about a text no one has seen (a sweep's point, a batch's variant) without their
// place — "ORIGIN:3:7: cluster.gpus: …" becomes "cluster.gpus: …" — joined by newlines.
std::string without_places(const std::vector<std::string>& lines, std::string_view origin);

// The built-in catalog with each of `extra_files` merged over it in order; error lines formatted.
Result<Catalog, std::vector<std::string>> load_catalog(const std::vector<std::string>& extra_files);

}  // namespace gigasim
