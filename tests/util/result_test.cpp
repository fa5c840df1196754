// Result<T, E>: a value or an error, the return type of everything that can fail on input.

#include "util/result.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gigasim {
namespace {

Result<int, std::string> half(int value) {
  if (value % 2 != 0) return fail(std::string("odd"));
  return value / 2;
}

TEST(Result, HoldsAValue) {
  const auto result = half(8);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result.value(), 4);
}

TEST(Result, HoldsAnError) {
  const auto result = half(7);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error(), "odd");
}

TEST(Result, ValueCanBeMovedOut) {
  Result<std::vector<int>, std::string> result(std::vector<int>{1, 2, 3});
  const std::vector<int> moved = std::move(result).value();
  EXPECT_EQ(moved, (std::vector<int>{1, 2, 3}));
}

TEST(Result, ErrorOfTheSameTypeAsTheValueStaysAnError) {
  // fail() marks the error even when T and E are both strings.
  const Result<std::string, std::string> failed = fail(std::string("bad"));
  const Result<std::string, std::string> succeeded = std::string("good");
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.error(), "bad");
  EXPECT_TRUE(succeeded.ok());
  EXPECT_EQ(succeeded.value(), "good");
}

}  // namespace
}  // namespace gigasim
