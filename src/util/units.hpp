#pragma once
// Strong unit types: a quantity's unit is part of its type, so `Bytes / BytesPerSecond` is
// `Seconds` and adding Seconds to Bytes does not compile (after ns-3's Time × DataRate).
// Values are held in SI base units (s, B, FLOP, W, J, USD); IEC and SI prefixes are told
// apart only at the input edge (quantity_parse.hpp).

#include <compare>

namespace gigasim {

template <class Tag>
class Quantity {
 public:
  constexpr Quantity() = default;
  constexpr explicit Quantity(double value) : value_(value) {}
  [[nodiscard]] constexpr double value() const { return value_; }

  constexpr Quantity& operator+=(Quantity other) { value_ += other.value_; return *this; }
  constexpr Quantity& operator-=(Quantity other) { value_ -= other.value_; return *this; }
  friend constexpr Quantity operator+(Quantity a, Quantity b) { return Quantity(a.value_ + b.value_); }
  friend constexpr Quantity operator-(Quantity a, Quantity b) { return Quantity(a.value_ - b.value_); }
  friend constexpr Quantity operator*(Quantity a, double k) { return Quantity(a.value_ * k); }
  friend constexpr Quantity operator*(double k, Quantity a) { return Quantity(a.value_ * k); }
  friend constexpr Quantity operator/(Quantity a, double k) { return Quantity(a.value_ / k); }
  // The ratio of two like quantities is a plain number.
  friend constexpr double operator/(Quantity a, Quantity b) { return a.value_ / b.value_; }
  friend constexpr auto operator<=>(Quantity a, Quantity b) = default;

 private:
  double value_ = 0.0;
};

using Seconds = Quantity<struct SecondsTag>;
using Bytes = Quantity<struct BytesTag>;
using Flops = Quantity<struct FlopsTag>;
using FlopsPerSecond = Quantity<struct FlopsPerSecondTag>;
using BytesPerSecond = Quantity<struct BytesPerSecondTag>;
using Watts = Quantity<struct WattsTag>;
using Joules = Quantity<struct JoulesTag>;
using Usd = Quantity<struct UsdTag>;

constexpr Seconds operator/(Bytes amount, BytesPerSecond rate) { return Seconds(amount.value() / rate.value()); }
constexpr Seconds operator/(Flops amount, FlopsPerSecond rate) { return Seconds(amount.value() / rate.value()); }
constexpr FlopsPerSecond operator/(Flops amount, Seconds time) { return FlopsPerSecond(amount.value() / time.value()); }
constexpr Bytes operator*(BytesPerSecond rate, Seconds time) { return Bytes(rate.value() * time.value()); }
constexpr Joules operator*(Watts power, Seconds time) { return Joules(power.value() * time.value()); }

constexpr double kKibi = 1024.0;
constexpr double kGibiBytes = kKibi * kKibi * kKibi;
constexpr double kTera = 1e12;
constexpr double kSecondsPerDay = 86400.0;

constexpr double to_gib(Bytes bytes) { return bytes.value() / kGibiBytes; }
constexpr Bytes gib(double count) { return Bytes(count * kGibiBytes); }
constexpr double to_tflops(FlopsPerSecond rate) { return rate.value() / kTera; }
constexpr FlopsPerSecond tflops(double count) { return FlopsPerSecond(count * kTera); }

}  // namespace gigasim
