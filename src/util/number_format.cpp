#include "util/number_format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace gigasim {

// Built by appending: GCC 12 at -O2 warns falsely (-Wrestrict, GCC bug 105651) on string insert.
std::string with_commas(double whole_number) {
  const std::string digits = fmt::format("{:.0f}", std::fabs(whole_number));
  constexpr std::size_t kGroup = 3;
  std::string out;
  out.reserve(digits.size() + digits.size() / kGroup + 1);
  if (whole_number < 0) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % kGroup == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string with_suffix(double value) {
  constexpr std::array<std::pair<double, const char*>, 7> kScales{
      {{1e21, "Z"}, {1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
  for (const auto& [scale, suffix] : kScales)
    if (std::fabs(value) >= scale) return fmt::format("{:.3g}{}", value / scale, suffix);
  return fmt::format("{:.3g}", value);
}

std::string plain_number(double value, int significant) {
  constexpr double kCommasFrom = 1e4;
  constexpr double kFixedBelow = 1e-3;
  if (!std::isfinite(value)) return fmt::format("{}", value);
  if (std::fabs(value) >= kCommasFrom) return with_commas(std::round(value));
  if (value != 0 && std::fabs(value) < kFixedBelow) {
    std::string text = fmt::format("{:.8f}", value);
    while (text.back() == '0') text.pop_back();
    return text;
  }
  return fmt::format("{:.{}g}", value, significant);
}

std::string power_of_ten(double value) {
  if (value == 0 || !std::isfinite(value)) return fmt::format("{}", value);
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  return fmt::format("{:.3g} × 10^{}", value / std::pow(10.0, exponent), exponent);
}

std::string dollars(double usd) {
  // Money reads in thousands, millions, billions and trillions, to three significant digits.
  constexpr std::array<std::pair<double, const char*>, 4> kScales{{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}}};
  for (const auto& [scale, suffix] : kScales)
    if (std::fabs(usd) >= scale) {
      const double scaled = usd / scale;  // 1 to 999.9…: 2, 1 or 0 decimals give three digits
      const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(std::fabs(scaled)))), 0, 2);
      return fmt::format("${:.{}f}{}", scaled, decimals, suffix);
    }
  return fmt::format("${:.0f}", usd);
}

std::string duration_text(double seconds) {
  constexpr double kMicro = 1e-6;
  constexpr double kMilli = 1e-3;
  constexpr double kMinute = 60.0;
  constexpr double kHour = 3600.0;
  if (seconds == 0.0) return "0";
  if (seconds < kMilli) return fmt::format("{:.1f} us", seconds / kMicro);
  if (seconds < 1.0) return fmt::format("{:.1f} ms", seconds / kMilli);
  if (seconds < kMinute) return fmt::format("{:.2f} s", seconds);
  if (seconds < kHour) return fmt::format("{:.1f} min", seconds / kMinute);
  return fmt::format("{:.1f} h", seconds / kHour);
}

}  // namespace gigasim
