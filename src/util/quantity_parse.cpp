#include "util/quantity_parse.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace gigasim {
namespace {

struct UnitScale {
  std::string_view symbol;
  double to_base;  // multiply by this to get the base unit
};

constexpr double kBitsPerByte = 8.0;
constexpr double kKi = 1024.0;

constexpr std::array kByteUnits{
    UnitScale{"B", 1.0},          UnitScale{"KB", 1e3},         UnitScale{"MB", 1e6},
    UnitScale{"GB", 1e9},         UnitScale{"TB", 1e12},        UnitScale{"PB", 1e15},
    UnitScale{"KiB", kKi},        UnitScale{"MiB", kKi * kKi},  UnitScale{"GiB", kKi * kKi * kKi},
    UnitScale{"TiB", kKi * kKi * kKi * kKi},
};
constexpr std::array kByteRateUnits{
    UnitScale{"MB/s", 1e6},                  UnitScale{"GB/s", 1e9},
    UnitScale{"TB/s", 1e12},                 UnitScale{"Mbps", 1e6 / kBitsPerByte},
    UnitScale{"Gbps", 1e9 / kBitsPerByte},   UnitScale{"Tbps", 1e12 / kBitsPerByte},
    UnitScale{"Mb/s", 1e6 / kBitsPerByte},   UnitScale{"Gb/s", 1e9 / kBitsPerByte},
    UnitScale{"Tb/s", 1e12 / kBitsPerByte},
};
constexpr std::array kPowerUnits{UnitScale{"W", 1.0}, UnitScale{"kW", 1e3}, UnitScale{"MW", 1e6}};
constexpr std::array kTimeUnits{UnitScale{"ns", 1e-9}, UnitScale{"us", 1e-6}, UnitScale{"ms", 1e-3},
                                UnitScale{"s", 1.0}};

template <std::size_t N>
const UnitScale* find_unit(const std::array<UnitScale, N>& units, std::string_view symbol) {
  for (const auto& unit : units)
    if (unit.symbol == symbol) return &unit;
  return nullptr;
}

const UnitScale* find_unit(Dimension dimension, std::string_view symbol) {
  switch (dimension) {
    case Dimension::bytes: return find_unit(kByteUnits, symbol);
    case Dimension::byte_rate: return find_unit(kByteRateUnits, symbol);
    case Dimension::power: return find_unit(kPowerUnits, symbol);
    case Dimension::time: return find_unit(kTimeUnits, symbol);
  }
  return nullptr;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string_view accepted_units(Dimension dimension) {
  switch (dimension) {
    case Dimension::bytes: return "B, KB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)";
    case Dimension::byte_rate: return "MB/s, GB/s, TB/s (bytes) or Mbps, Gbps, Tbps, Gb/s, Tb/s (bits)";
    case Dimension::power: return "W, kW, MW";
    case Dimension::time: return "ns, us, ms, s";
  }
  return "";
}

std::string_view base_unit(Dimension dimension) {
  switch (dimension) {
    case Dimension::bytes: return "bytes";
    case Dimension::byte_rate: return "bytes/s";
    case Dimension::power: return "W";
    case Dimension::time: return "s";
  }
  return "";
}

Result<double, std::string> parse_quantity(std::string_view text, Dimension dimension) {
  const std::string_view trimmed = trim(text);
  double number = 0.0;
  const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
  if (error != std::errc{} || end == trimmed.data())
    return fail(fmt::format("'{}' does not start with a number", text));
  if (!std::isfinite(number)) return fail(fmt::format("'{}' is not a finite number", text));
  const std::string_view symbol = trim(std::string_view(end, trimmed.data() + trimmed.size() - end));
  if (symbol.empty())
    return fail(fmt::format("'{}' has no unit; write it with one of {}", text, accepted_units(dimension)));
  const UnitScale* unit = find_unit(dimension, symbol);
  if (unit == nullptr)
    return fail(fmt::format("unknown unit '{}' in '{}'; use one of {}", symbol, text, accepted_units(dimension)));
  return number * unit->to_base;
}

}  // namespace gigasim
