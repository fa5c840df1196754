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

TEST(NumberFormat, PlainNumbersNeverTakeAnExponent) {
  // 5,318,563.4 tokens/s (a sweep row) rounds to a whole number with separators; 1.2e-5 reads as a
  // decimal; in between, the significant figures asked for.
  EXPECT_EQ(plain_number(5318563.4, 4), "5,318,563");
  EXPECT_EQ(plain_number(0.000012, 4), "0.000012");
  EXPECT_EQ(plain_number(3.1537, 4), "3.154");
  EXPECT_EQ(plain_number(0.04735, 3), "0.0474");
  EXPECT_EQ(plain_number(9999.0, 4), "9999");
}

TEST(NumberFormat, CommasAndSuffixes) {
  EXPECT_EQ(with_commas(16384), "16,384");
  EXPECT_EQ(with_suffix(1.68e7), "16.8M");
}

}  // namespace
}  // namespace gigasim
