#include "spec/field_range.hpp"

#include <fmt/format.h>

namespace gigasim {

std::string range_text(Range range) {
  return fmt::format("between {:g} and {:g}", range.min, range.max);
}

}  // namespace gigasim
