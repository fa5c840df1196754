// The index `gigasim validate` reads: columns found by header name, quoted sources with commas,
// and every problem reported with its line and column.
#include "app/validation_index.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gigasim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> messages(const char* text) {
  const auto index = parse_validation_index(text, "i.csv");
  EXPECT_FALSE(index.ok());
  std::vector<std::string> lines;
  if (index.ok()) return lines;
  for (const auto& problem : index.error()) lines.push_back(format_diagnostic(problem));
  return lines;
}

TEST(ValidationIndex, ReadsColumnsByNameWithQuotedSources) {
  const auto index = parse_validation_index(
      "source,id,key,unit,published,metric,job,notes\r\n"
      "\"Narayanan et al. 2021, \"\"Megatron\"\"\",meg-1,hardware_tflops_per_gpu,TFLOP/s/GPU,137,tflops_per_gpu,"
      "n/meg-1.yaml,extra\r\n"
      "\n"
      "S,meg-1-pk,hfu,%,44,pct_of_peak,n/meg-1.yaml,\n",
      "i.csv");
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index.value().size(), 2U);
  const IndexRow& first = index.value()[0];
  EXPECT_EQ(first.id, "meg-1");
  EXPECT_EQ(first.source, "Narayanan et al. 2021, \"Megatron\"");
  EXPECT_EQ(first.job, "n/meg-1.yaml");
  EXPECT_EQ(first.key, CompareKey::hardware_tflops_per_gpu);
  EXPECT_DOUBLE_EQ(first.published, 137.0);
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(index.value()[1].key, CompareKey::hfu);
  EXPECT_EQ(index.value()[1].line, 4);
}

TEST(ValidationIndex, ReportsEveryProblemWithItsPlace) {
  EXPECT_THAT(messages("id,job,metric,published,unit,key,source\n"
                       "a,x.yaml,MFU,44,TFLOP/s/GPU,mfu,S\n"
                       "a,,MFU,-3,%,mfuu,S\n"
                       "b,x.yaml,MFU,4,%,hfu,\"open\n"
                       "c,1,2\n"),
              ElementsAre("i.csv:2:17: unit: 'TFLOP/s/GPU' does not fit key mfu; mfu compares figures in '%'",
                          "i.csv:3:1: id: 'a' appears twice; keep one row per id",
                          "i.csv:3:3: job: is empty; name the job file",
                          "i.csv:3:8: published: '-3' is not a positive number; write the published figure, e.g. "
                          "137 or 44.3",
                          "i.csv:3:13: key: unknown key 'mfuu'; did you mean 'mfu'?",
                          "i.csv:4:1: a quoted field is not closed; close the quote on the same line",
                          "i.csv:5:1: 3 fields where the header has 7; quote fields that hold commas"));
}

TEST(ValidationIndex, NamesMissingColumnsAndEmptyFiles) {
  EXPECT_THAT(messages("id,job,metric,published,unit,source\n"), ElementsAre(HasSubstr("key: column missing")));
  EXPECT_THAT(messages(""), ElementsAre(HasSubstr("the file is empty")));
}

}  // namespace
}  // namespace gigasim
