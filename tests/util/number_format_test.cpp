// Numbers as people read them: thousands separators, SI suffixes, and money in K, M, B and T.
#include "util/number_format.hpp"

#include <gtest/gtest.h>

namespace gigasim {
namespace {

TEST(NumberFormat, DollarsToThreeSignificantDigits) {
  EXPECT_EQ(dollars(3.0e9), "$3.00B");  // 100,000 H100 at $30,000
  EXPECT_EQ(dollars(2.38224e8), "$238M");
  EXPECT_EQ(dollars(4.58e6), "$4.58M");
  EXPECT_EQ(dollars(46.0e6), "$46.0M");
  EXPECT_EQ(dollars(1.25e13), "$12.5T");
  EXPECT_EQ(dollars(27500), "$27.5K");
  EXPECT_EQ(dollars(950), "$950");
}

TEST(NumberFormat, PowersOfTenWithoutAnExponentSign) {
  // FLOP budgets read as 3.14 × 10^23 (GPT-3, Patterson et al. 2021), never 3.14e+23.
  EXPECT_EQ(power_of_ten(3.14e23), "3.14 × 10^23");
  EXPECT_EQ(power_of_ten(1e27), "1 × 10^27");
  EXPECT_EQ(power_of_ten(0.5), "5 × 10^-1");
}

TEST(NumberFormat, CommasAndSuffixes) {
  EXPECT_EQ(with_commas(16384), "16,384");
  EXPECT_EQ(with_suffix(1.68e7), "16.8M");
}

}  // namespace
}  // namespace gigasim
