#include "app/input_files.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/scenario.hpp"

namespace gigasim {
namespace {

constexpr std::size_t kMaxInputBytes = 64ULL << 20;  // a job or catalog file is a few KiB
// A pipe (`<(…)`, a named FIFO) may have no writer, or one that never writes: past this silence
// the read gives up instead of waiting for ever.
constexpr int kPipeSilenceMs = 10'000;

// Closes a file descriptor when the read is done, whichever way it ends.
class OpenFile {
 public:
  explicit OpenFile(int fd) : fd_(fd) {}
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  ~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

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
  // Opened without blocking: opening a named FIFO that has no writer would wait for ever.
  const OpenFile file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (file.fd() < 0) return fail(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) return fail(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  if (S_ISDIR(info.st_mode)) return fail(fmt::format("{}: is a directory, not a file", path));
  const bool pipe = S_ISFIFO(info.st_mode);
  if (!S_ISREG(info.st_mode) && !pipe)  // /dev/zero, /dev/urandom, a terminal, a socket
    return fail(fmt::format("{}: is a device or socket, not a file; give a job or catalog file", path));
  const auto too_large = [&](std::uintmax_t bytes) {
    return fmt::format("{}: {} bytes is too large for a job or catalog file (limit {})", path,
                       bytes > kMaxInputBytes ? std::to_string(bytes) : "over " + std::to_string(kMaxInputBytes),
                       kMaxInputBytes);
  };
  if (!pipe && static_cast<std::uintmax_t>(info.st_size) > kMaxInputBytes) return fail(too_large(info.st_size));
  // Read to the end, never past the limit (a file may grow while it is read).
  std::string text;
  std::array<char, 65536> buffer{};
  for (;;) {
    if (pipe) {
      pollfd ready{file.fd(), POLLIN, 0};
      const int polled = ::poll(&ready, 1, kPipeSilenceMs);
      if (polled == 0)
        return fail(fmt::format("{}: a pipe with nothing to read for {} s; give a job or catalog file", path,
                                kPipeSilenceMs / 1000));
      if (polled < 0 && errno != EINTR) return fail(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    }
    const ssize_t got = ::read(file.fd(), buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return fail(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    }
    if (text.size() + static_cast<std::size_t>(got) > kMaxInputBytes) return fail(too_large(0));
    text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  return text;
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
