#include "report/html_report.hpp"

#include <numeric>

#include <gtest/gtest.h>

#include "report/report_charts.hpp"
#include "report/run_report.hpp"

namespace gigasim {
namespace {

std::string inlined_data(const std::string& page) {
  const std::string open = R"(<script id="gigasim-data" type="application/json">)";
  const std::size_t from = page.find(open) + open.size();
  std::string text = page.substr(from, page.find("</script>", from) - from);
  for (std::size_t at = text.find("<\\/"); at != std::string::npos; at = text.find("<\\/", at)) text.erase(at + 1, 1);
  return text;
}

TEST(HtmlReport, EscapesTextAndInlinesTheDataSoItParsesBack) {
  const nlohmann::json data = {{"name", "a </script><b>bold</b>"}, {"mw", 151.2}};
  const std::string page = html_report("GPUs < power & cooling", "brief <i>",
                                       {{"c1", "T", "caption", {{"series", nlohmann::json::array()}}}}, data);
  EXPECT_NE(page.find("<title>GPUs &lt; power &amp; cooling</title>"), std::string::npos);
  EXPECT_NE(page.find("brief &lt;i&gt;"), std::string::npos);
  EXPECT_EQ(page.find("</script><b>"), std::string::npos);  // the data cannot close its script
  const auto parsed = nlohmann::json::parse(inlined_data(page));
  EXPECT_EQ(parsed["data"], data);
  EXPECT_EQ(parsed["charts"][0]["id"], "c1");
  EXPECT_NE(page.find(R"(id="chart-c1")"), std::string::npos);
}

TEST(HtmlReport, FetchesNothing) {
  std::string page = html_report("t", "b", {}, nlohmann::json::object());
  EXPECT_GT(page.size(), 500'000U);  // echarts.min.js, inlined, is about 1 MB
  // Outside the scripts' text, no tag or style may point anywhere.
  for (std::size_t open = page.find("<script"); open != std::string::npos; open = page.find("<script", open + 1))
    page.erase(page.find('>', open) + 1, page.find("</script>", open) - page.find('>', open) - 1);
  for (const char* reference : {"src=", "href=", "<link", "<img", "url(", "@import"})
    EXPECT_EQ(page.find(reference), std::string::npos) << reference;
}

TEST(RunCharts, GoodputHistogramCountsEveryTrialInTwentyBins) {
  RunReport report;
  report.setup.interruptions.unexpected_per_hour = 1;
  report.setup.checkpoint.interval = Seconds(600);
  report.setup.inputs = {Seconds(360000), Seconds(600), Seconds(60), Seconds(300), report.setup.interruptions};
  report.runs.trials = 5;
  // From 0.51 to 1.0: bins 0.0245 wide, so 0.51 → bin 0, 0.61 → 0.10/0.0245 = 4.1 → 4, 0.71 → 8.2
  // → 8, 0.81 → 12.2 → 12, and 1.0 → the last.
  report.runs.goodput_by_trial = {0.51, 0.61, 0.71, 0.81, 1.0};
  const auto charts = run_charts(report);
  ASSERT_EQ(charts.front().id, "goodput");
  const std::vector<int> counts = charts.front().option["series"][0]["data"];
  ASSERT_EQ(counts.size(), 20U);
  EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), 0), 5);
  for (const int bin : {0, 4, 8, 12, 19}) EXPECT_EQ(counts[static_cast<std::size_t>(bin)], 1) << "bin " << bin;
  EXPECT_EQ(charts.back().id, "checkpoint");
}

}  // namespace
}  // namespace gigasim
