#include "app/input_files.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "spec/scenario.hpp"

namespace gigasim {
namespace {

constexpr std::uintmax_t kMaxInputBytes = 64ULL << 20;  // a job or catalog file is a few KiB

}  // namespace

std::string without_places(const std::vector<std::string>& lines, std::string_view origin) {
  std::string joined;
  for (const std::string& line : lines) {
    std::string_view rest = line;
    if (rest.starts_with(origin)) {
      rest.remove_prefix(origin.size());
      // Up to two ":number" parts (line, column), then ": ".
      for (int part = 0;
           part < 2 && rest.size() > 1 && rest[0] == ':' && std::isdigit(static_cast<unsigned char>(rest[1])); ++part) {
        rest.remove_prefix(1);
        while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) rest.remove_prefix(1);
      }
      if (rest.starts_with(": ")) rest.remove_prefix(2);
    }
    joined += (joined.empty() ? "" : "\n") + std::string(rest);
  }
  return joined;
}

Result<std::string, std::string> read_text_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return fail(fmt::format("{}: is a directory, not a file", path));
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxInputBytes)
    return fail(
        fmt::format("{}: {} bytes is too large for a job or catalog file (limit {})", path, size, kMaxInputBytes));
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Result<InputText, std::string> read_file_or_builtin_scenario(const std::string& wanted) {
  if (std::filesystem::exists(wanted)) {
    auto read = read_text_file(wanted);
    if (!read) return fail(read.error());
    return InputText{std::move(read).value(), wanted};
  }
  if (const auto builtin = builtin_scenario(wanted))
    return InputText{std::string(builtin->text), std::string(builtin->path)};
  return fail(fmt::format("'{}' is neither a file nor a built-in scenario; give a file, or one of {}", wanted,
                          fmt::join(builtin_scenario_names(), ", ")));
}

Result<Catalog, std::vector<std::string>> load_catalog(const std::vector<std::string>& extra_files) {
  auto builtin = load_builtin_catalog();
  if (!builtin) return fail(formatted(builtin.error()));
  Catalog catalog = std::move(builtin).value();
  for (const auto& path : extra_files) {
    const auto text = read_text_file(path);
    if (!text) return fail(std::vector<std::string>{text.error()});
    auto merged = merge_catalog_text(std::move(catalog), text.value(), path);
    if (!merged) return fail(formatted(merged.error()));
    catalog = std::move(merged).value();
  }
  if (const Diagnostics broken = check_catalog_references(catalog); !broken.empty()) return fail(formatted(broken));
  return catalog;
}

}  // namespace gigasim

namespace gigasim {

Result<bool, std::string> write_text_file(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    if (!out) return fail(fmt::format("{}: cannot write there; give a path in a writable folder", path));
    out << text;
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return fail(fmt::format("{}: writing failed (disk full?)", path));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return fail(fmt::format("{}: cannot replace it; check its permissions", path));
  }
  return true;
}

}  // namespace gigasim
