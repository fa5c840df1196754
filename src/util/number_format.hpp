#pragma once
// Numbers for people: thousands separators and engineering suffixes. JSON never uses these.

#include <string>

namespace gigasim {

std::string with_commas(double whole_number);  // 16384 → "16,384"
std::string with_suffix(double value);         // 1.68e7 → "16.8M"
std::string dollars(double usd);               // 3e9 → "$3.00B", 2.38e8 → "$238M"
std::string duration_text(double seconds);     // 0.0123 → "12.3 ms", 9.2 → "9.20 s"
std::string power_of_ten(double value);        // 3.14e23 → "3.14 × 10^23", 1e27 → "1 × 10^27"

}  // namespace gigasim
