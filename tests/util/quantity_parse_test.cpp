// parse_quantity: unit strings at the input edge → SI base units. Each expected value is the
// unit's definition applied by hand (SI prefixes are powers of 1000, IEC ones powers of 1024,
// and a bit is 1/8 of a byte).

#include "util/quantity_parse.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gigasim {
namespace {

using ::testing::HasSubstr;

double parsed(std::string_view text, Dimension dimension) {
  const auto result = parse_quantity(text, dimension);
  EXPECT_TRUE(result.ok()) << "'" << text << "': " << (result.ok() ? "" : result.error());
  return result.ok() ? result.value() : -1.0;
}

std::string error_of(std::string_view text, Dimension dimension) {
  const auto result = parse_quantity(text, dimension);
  EXPECT_FALSE(result.ok()) << "'" << text << "' was accepted as " << (result.ok() ? result.value() : 0.0);
  return result.ok() ? std::string() : result.error();
}

TEST(QuantityParse, IecBytesArePowersOf1024) {
  // 80 GiB = 80 · 2^30 = 80 · 1,073,741,824 = 85,899,345,920 bytes.
  EXPECT_EQ(parsed("80GiB", Dimension::bytes), 85'899'345'920.0);
  // 32768 MiB = 32768 · 2^20 = 2^35 = 34,359,738,368 bytes (V100's nvidia-smi total).
  EXPECT_EQ(parsed("32768MiB", Dimension::bytes), 34'359'738'368.0);
  EXPECT_EQ(parsed("1TiB", Dimension::bytes), 1'099'511'627'776.0);  // 2^40
  EXPECT_EQ(parsed("4KiB", Dimension::bytes), 4096.0);
}

TEST(QuantityParse, SiBytesArePowersOf1000) {
  EXPECT_EQ(parsed("80GB", Dimension::bytes), 8e10);  // not 80 GiB: 80 · 10^9
  EXPECT_EQ(parsed("1TB", Dimension::bytes), 1e12);
  EXPECT_EQ(parsed("512B", Dimension::bytes), 512.0);
  EXPECT_EQ(parsed("2PB", Dimension::bytes), 2e15);
  // 80 GiB and 80 GB differ by 2^30/10^9 - 1 = 7.37 %.
  EXPECT_NEAR(parsed("80GiB", Dimension::bytes) / parsed("80GB", Dimension::bytes), 1.073741824, 1e-12);
}

TEST(QuantityParse, BitRatesAreAnEighthOfByteRates) {
  // 400 Gb/s = 400e9 bits/s ÷ 8 bits per byte = 5e10 bytes/s.
  EXPECT_EQ(parsed("400Gbps", Dimension::byte_rate), 5e10);
  EXPECT_EQ(parsed("400Gb/s", Dimension::byte_rate), 5e10);
  EXPECT_EQ(parsed("100Mbps", Dimension::byte_rate), 1.25e7);  // 1e8 / 8
  EXPECT_EQ(parsed("1.6Tbps", Dimension::byte_rate), 2e11);    // 1.6e12 / 8
}

TEST(QuantityParse, ByteRatesKeepTheirValue) {
  EXPECT_DOUBLE_EQ(parsed("3.35TB/s", Dimension::byte_rate), 3.35e12);  // H100 HBM3
  EXPECT_EQ(parsed("900GB/s", Dimension::byte_rate), 9e11);
  EXPECT_EQ(parsed("50MB/s", Dimension::byte_rate), 5e7);
  // Gbps is bits and GB/s bytes: the same figure differs 8×.
  EXPECT_EQ(parsed("400GB/s", Dimension::byte_rate) / parsed("400Gbps", Dimension::byte_rate), 8.0);
}

TEST(QuantityParse, Power) {
  EXPECT_EQ(parsed("700W", Dimension::power), 700.0);
  EXPECT_DOUBLE_EQ(parsed("1.2kW", Dimension::power), 1200.0);
  EXPECT_DOUBLE_EQ(parsed("150MW", Dimension::power), 1.5e8);
}

TEST(QuantityParse, Time) {
  EXPECT_DOUBLE_EQ(parsed("600ns", Dimension::time), 6e-7);
  EXPECT_DOUBLE_EQ(parsed("2.5us", Dimension::time), 2.5e-6);
  EXPECT_DOUBLE_EQ(parsed("20ms", Dimension::time), 0.02);
  EXPECT_EQ(parsed("3s", Dimension::time), 3.0);
}

TEST(QuantityParse, SpacesAroundAndBetweenAreAllowed) {
  EXPECT_EQ(parsed("80 GiB", Dimension::bytes), 85'899'345'920.0);
  EXPECT_EQ(parsed("  80GiB  ", Dimension::bytes), 85'899'345'920.0);
  EXPECT_EQ(parsed(" 400  Gbps ", Dimension::byte_rate), 5e10);
}

TEST(QuantityParse, ExponentAndFractionForms) {
  EXPECT_EQ(parsed("1e3W", Dimension::power), 1000.0);
  EXPECT_EQ(parsed("0.5GB", Dimension::bytes), 5e8);
  EXPECT_EQ(parsed("1.5e2 W", Dimension::power), 150.0);
}

TEST(QuantityParse, BareNumberIsRejectedWithTheAcceptedUnits) {
  const std::string error = error_of("80", Dimension::bytes);
  EXPECT_THAT(error, HasSubstr("no unit"));
  EXPECT_THAT(error, HasSubstr("GiB"));
  EXPECT_THAT(error, HasSubstr("GB"));
}

TEST(QuantityParse, UnknownUnitNamesItAndListsTheAcceptedOnes) {
  const std::string error = error_of("700 watts", Dimension::power);
  EXPECT_THAT(error, HasSubstr("'watts'"));
  EXPECT_THAT(error, HasSubstr(accepted_units(Dimension::power)));
  EXPECT_THAT(error, HasSubstr("kW"));
}

TEST(QuantityParse, UnitsAreCaseSensitiveBecauseBitsAndBytesDiffer) {
  // "gb" could be gigabits or gigabytes: refuse to guess.
  EXPECT_THAT(error_of("80gb", Dimension::bytes), HasSubstr("unknown unit 'gb'"));
  EXPECT_THAT(error_of("400gbps", Dimension::byte_rate), HasSubstr("unknown unit"));
}

TEST(QuantityParse, UnitOfAnotherDimensionIsRejected) {
  // 80 W is a power, not a memory size.
  const std::string watts_as_bytes = error_of("80W", Dimension::bytes);
  EXPECT_THAT(watts_as_bytes, HasSubstr("unknown unit 'W'"));
  EXPECT_THAT(watts_as_bytes, HasSubstr("GiB"));
  // A size where a rate is expected: 3.35 TB is not 3.35 TB/s.
  EXPECT_THAT(error_of("3.35TB", Dimension::byte_rate), HasSubstr("TB/s"));
  // A rate where a size is expected.
  EXPECT_THAT(error_of("400Gbps", Dimension::bytes), HasSubstr("unknown unit 'Gbps'"));
  EXPECT_THAT(error_of("5ns", Dimension::power), HasSubstr("unknown unit 'ns'"));
}

TEST(QuantityParse, TextWithoutANumberIsRejected) {
  EXPECT_THAT(error_of("GiB", Dimension::bytes), HasSubstr("does not start with a number"));
  EXPECT_THAT(error_of("", Dimension::bytes), HasSubstr("does not start with a number"));
  EXPECT_THAT(error_of("   ", Dimension::bytes), HasSubstr("does not start with a number"));
  EXPECT_THAT(error_of("eighty GiB", Dimension::bytes), HasSubstr("does not start with a number"));
}

TEST(QuantityParse, NanAndInfinityAreNotQuantities) {
  for (const char* text : {"nanGB", "nan GB", "infW", "inf W", "infinity s", "-inf s", "NaN GiB"})
    EXPECT_FALSE(parse_quantity(text, Dimension::bytes).ok()) << text;
  EXPECT_THAT(error_of("inf W", Dimension::power), HasSubstr("not a finite number"));
}

TEST(QuantityParse, NumberTooLargeForADoubleIsRejected) {
  EXPECT_FALSE(parse_quantity("1e400GB", Dimension::bytes).ok());
}

TEST(QuantityParse, BaseUnitNames) {
  EXPECT_EQ(base_unit(Dimension::bytes), "bytes");
  EXPECT_EQ(base_unit(Dimension::byte_rate), "bytes/s");
  EXPECT_EQ(base_unit(Dimension::power), "W");
  EXPECT_EQ(base_unit(Dimension::time), "s");
}

TEST(QuantityParse, EveryDimensionListsItsUnits) {
  for (const Dimension dimension : {Dimension::bytes, Dimension::byte_rate, Dimension::power, Dimension::time})
    EXPECT_FALSE(accepted_units(dimension).empty());
  EXPECT_THAT(std::string(accepted_units(Dimension::byte_rate)), HasSubstr("Gbps"));
  EXPECT_THAT(std::string(accepted_units(Dimension::time)), HasSubstr("ns"));
}

}  // namespace
}  // namespace gigasim
