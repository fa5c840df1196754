#pragma once
// Numbers for people: thousands separators and engineering suffixes. JSON never uses these.

#include <string>

namespace gigasim {

std::string with_commas(double whole_number);  // 16384 → "16,384"
std::string with_suffix(double value);         // 1.68e7 → "16.8M"
std::string dollars(double usd);               // 3e9 → "$3.00B", 2.38e8 → "$238M"
std::string duration_text(double seconds);     // 0.0123 → "12.3 ms", 9.2 → "9.20 s"
std::string power_of_ten(double value);
// Never an exponent: thousands separators from 10,000 up, fixed decimals below 0.001, else
// `significant` figures (5318934.2 → "5,318,934", 0.000012 → "0.000012", 3.1537 → "3.154" at 4).
std::string plain_number(double value, int significant);  // 3.14e23 → "3.14 × 10^23", 1e27 → "1 × 10^27"

}  // namespace gigasim
