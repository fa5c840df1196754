// Scenario files: what they accept and a located message for each mistake.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec/scenario.hpp"
#include "support/builtin_catalog.hpp"

namespace gigasim {
namespace {

using ::testing::HasSubstr;

Result<Scenario, Diagnostics> parse(std::string_view text) {
  return parse_scenario(text, "scenario.yaml", test_support::builtin_catalog());
}

TEST(ScenarioParse, LayoutFieldsLeftOutAreSearchedAndTheSiteIsLookedUp) {
  const auto s = parse(R"(name: x
model: llama3-8b
training: { tokens: 1e12, start: 2026-01-05 }
cluster: { gpu: h100-sxm, gpus: 64, parallelism: { tp: 8, global_batch: 64 } }
site: memphis-tn
facility: { cooling: air, rack_power_kw: 40 }
)");
  ASSERT_TRUE(s) << format_diagnostic(s.error().front());
  EXPECT_FALSE(s.value().job.space.tp.automatic);
  EXPECT_TRUE(s.value().job.space.pp.automatic);
  EXPECT_TRUE(s.value().job.space.zero.automatic);
  ASSERT_TRUE(s.value().site);
  EXPECT_DOUBLE_EQ(*s.value().site->grid_g_co2_per_kwh, 380.0);
  EXPECT_EQ(s.value().cooling, Cooling::air);
  EXPECT_EQ(*s.value().start, "2026-01-05");
}

TEST(ScenarioParse, EveryBuiltInScenarioParses) {
  for (const char* name : {"gigafactory-100k-h100", "gpt3-10k-v100"}) {
    const auto builtin = builtin_scenario(name);
    ASSERT_TRUE(builtin) << name;
    const auto s = parse_scenario(builtin->text, builtin->path, test_support::builtin_catalog());
    EXPECT_TRUE(s) << name << (s ? "" : ": " + format_diagnostic(s.error().front()));
  }
}

TEST(ScenarioParse, MistakesAreLocated) {
  const auto bad_model = parse("name: x\nmodel: llama9\ncluster: { gpu: h100-sxm, gpus: 8 }\n");
  ASSERT_FALSE(bad_model);
  EXPECT_EQ(bad_model.error().front().field, "model");
  EXPECT_EQ(bad_model.error().front().where.line, 2);

  const auto auto_without_deadline = parse("name: x\nmodel: llama3-8b\ncluster: { gpu: h100-sxm, gpus: auto }\n");
  ASSERT_FALSE(auto_without_deadline);
  EXPECT_THAT(auto_without_deadline.error().front().fix, HasSubstr("deadline_days"));

  const auto unknown = parse("name: x\nmodel: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nbudget: 5\n");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().front().field, "budget");

  const auto cooling =
      parse("name: x\nmodel: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nfacility: { cooling: oil }\n");
  ASSERT_FALSE(cooling);
  EXPECT_EQ(cooling.error().front().field, "facility.cooling");
}

}  // namespace
}  // namespace gigasim

namespace gigasim {
namespace {

TEST(BuiltinScenarios, EachHasASummaryFromItsOpeningComment) {
  // `gigasim catalog scenarios` and the commands' --help list the built-in scenarios from one
  // registry: every file of data/scenarios/, each with the comment it opens with, as one line.
  const std::vector<std::string> names = builtin_scenario_names();
  const std::vector<BuiltinScenarioSummary> summaries = builtin_scenario_summaries();
  ASSERT_EQ(summaries.size(), names.size());
  ASSERT_GE(names.size(), 9U);
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(summaries[i].name, names[i]);
    EXPECT_FALSE(summaries[i].description.empty()) << names[i];
    EXPECT_EQ(summaries[i].description.find('#'), std::string::npos) << names[i];
    EXPECT_EQ(summaries[i].description.find('\n'), std::string::npos) << names[i];
  }
  const auto gpt3 = std::find_if(summaries.begin(), summaries.end(),
                                 [](const BuiltinScenarioSummary& s) { return s.name == "gpt3-10k-v100"; });
  ASSERT_NE(gpt3, summaries.end());
  EXPECT_EQ(gpt3->description.rfind("GPT-3 175B on 10,000 V100 (Patterson et al. 2021", 0), 0U) << gpt3->description;
}

}  // namespace
}  // namespace gigasim
