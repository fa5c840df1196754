// Strong unit types: the unit of a quantity is in its type, so Bytes / BytesPerSecond is Seconds
// and Bytes + Seconds does not compile. The compile-time checks below fail the build if an
// operator is lost or a wrong one sneaks in.

#include "util/units.hpp"

#include <type_traits>

#include <gtest/gtest.h>

namespace gigasim {
namespace {

template <class A, class B>
concept Addable = requires(A a, B b) {
  a + b;
};
template <class A, class B>
concept Divisible = requires(A a, B b) {
  a / b;
};
template <class A, class B>
concept Multipliable = requires(A a, B b) {
  a* b;
};

// The unit algebra the models rely on.
static_assert(std::is_same_v<decltype(Bytes{} / BytesPerSecond{}), Seconds>);
static_assert(std::is_same_v<decltype(Flops{} / FlopsPerSecond{}), Seconds>);
static_assert(std::is_same_v<decltype(Flops{} / Seconds{}), FlopsPerSecond>);
static_assert(std::is_same_v<decltype(BytesPerSecond{} * Seconds{}), Bytes>);
static_assert(std::is_same_v<decltype(Watts{} * Seconds{}), Joules>);
static_assert(std::is_same_v<decltype(Bytes{} / Bytes{}), double>);  // a ratio has no unit
static_assert(std::is_same_v<decltype(Bytes{} * 2.0), Bytes>);
static_assert(std::is_same_v<decltype(2.0 * Bytes{}), Bytes>);

// Mixing units is a compile error, and so is a bare number where a quantity is meant.
static_assert(!Addable<Bytes, Seconds>);
static_assert(!Addable<Watts, Joules>);
static_assert(!Addable<Bytes, double>);
static_assert(!Divisible<Seconds, Bytes>);
static_assert(!Multipliable<Bytes, Bytes>);
static_assert(!std::is_convertible_v<double, Bytes>);  // the constructor is explicit
static_assert(!std::is_convertible_v<Bytes, double>);

// Everything is constexpr: 80 GB over 50 GB/s is 1.6 s at compile time.
static_assert((Bytes(8e10) / BytesPerSecond(5e10)).value() == 1.6);

TEST(Units, TransferTimeIsBytesOverRate) {
  // 80 GiB over 400 Gb/s (5e10 B/s): 85,899,345,920 / 5e10 = 1.7179869184 s.
  const Seconds time = gib(80) / BytesPerSecond(5e10);
  EXPECT_DOUBLE_EQ(time.value(), 1.7179869184);
}

TEST(Units, ComputeTimeIsFlopsOverRate) {
  // 6 · 8e9 parameters · 1e6 tokens = 4.8e16 FLOP at 989 TFLOP/s: 48.53 s.
  const Seconds time = Flops(4.8e16) / tflops(989);
  EXPECT_DOUBLE_EQ(time.value(), 4.8e16 / 9.89e14);
}

TEST(Units, EnergyIsPowerTimesTime) {
  // 700 W for one hour = 700 · 3600 = 2,520,000 J (0.7 kWh).
  EXPECT_EQ((Watts(700) * Seconds(3600)).value(), 2.52e6);
}

TEST(Units, RateTimesTimeIsBytes) {
  EXPECT_EQ((BytesPerSecond(5e10) * Seconds(2)).value(), 1e11);
}

TEST(Units, AchievedRateIsFlopsOverTime) {
  EXPECT_EQ((Flops(1e15) / Seconds(2)).value(), 5e14);
}

TEST(Units, LikeQuantitiesAddCompareAndScale) {
  Bytes total = Bytes(10) + Bytes(5) - Bytes(3);
  EXPECT_EQ(total.value(), 12.0);
  total += Bytes(8);
  EXPECT_EQ(total.value(), 20.0);
  total -= Bytes(4);
  EXPECT_EQ(total.value(), 16.0);
  EXPECT_EQ((total / 4.0).value(), 4.0);
  EXPECT_EQ(total / Bytes(4), 4.0);
  EXPECT_LT(Seconds(1), Seconds(2));
  EXPECT_EQ(Seconds(2), Seconds(2));
  EXPECT_EQ(Watts().value(), 0.0);  // default is zero
}

TEST(Units, GibAndTflopsHelpers) {
  EXPECT_EQ(gib(1).value(), 1'073'741'824.0);  // 2^30
  EXPECT_EQ(to_gib(Bytes(85'899'345'920.0)), 80.0);
  EXPECT_EQ(tflops(989).value(), 9.89e14);
  EXPECT_EQ(to_tflops(FlopsPerSecond(1.979e15)), 1979.0);
  EXPECT_EQ(kSecondsPerDay, 24.0 * 60 * 60);
}

}  // namespace
}  // namespace gigasim
