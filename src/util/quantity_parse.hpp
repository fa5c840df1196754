#pragma once
// Unit strings ("80GiB", "400Gbps", "3.35TB/s", "700W", "600ns") parsed at the input edge into SI
// base units. Bits and bytes, SI (1000) and IEC (1024) prefixes are told apart.

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace gigasim {

enum class Dimension { bytes, byte_rate, power, time };

// The accepted unit spellings for a dimension, for error messages ("B, KB, ..., GiB").
std::string_view accepted_units(Dimension dimension);

// The base unit values are returned in: "bytes", "bytes/s", "W", "s".
std::string_view base_unit(Dimension dimension);

// The value in base units (bytes, bytes/s, watts, seconds), or a message saying what is wrong.
// A bare number is rejected: a quantity in a file must say its unit.
Result<double, std::string> parse_quantity(std::string_view text, Dimension dimension);

}  // namespace gigasim
