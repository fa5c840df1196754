// data/validation_residuals.csv, which estimates draw their error band from, must be what `gigasim
// validate --residuals` writes for the step model as it is: a model change that moves the errors
// fails here until the file is written again.
#include "spec/validation_residuals.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "app/validate_command.hpp"

namespace gigasim {
namespace {

const std::filesystem::path kSource(GIGASIM_SOURCE_DIR);

TEST(ValidationResiduals, TheEmbeddedFileIsWhatValidateWritesNow) {
  const std::filesystem::path fresh = std::filesystem::temp_directory_path() / "gigasim-residuals-test.csv";
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(
      run_validate({(kSource / "validation" / "step_runs.csv").string(), true, {}, false, fresh.string()}, out, err), 0)
      << err.str();
  std::ifstream file(fresh);
  std::stringstream text;
  text << file.rdbuf();
  const auto now = parse_validation_residuals(text.str(), fresh.string());
  ASSERT_TRUE(now.ok());
  const std::vector<ValidatedRun>& embedded = builtin_validation_residuals();
  ASSERT_EQ(embedded.size(), now.value().size())
      << "rewrite it: build/gigasim validate --residuals data/validation_residuals.csv";
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_EQ(embedded[i].job, now.value()[i].job);
    EXPECT_NEAR(embedded[i].speed_error, now.value()[i].speed_error, 1e-4)
        << embedded[i].job << ": rewrite it: build/gigasim validate --residuals data/validation_residuals.csv";
  }
  std::filesystem::remove(fresh);
}

TEST(ValidationResiduals, ABadFileIsReportedWithItsLine) {
  const auto parsed = parse_validation_residuals(
      "job,architecture,precision,moe,framework,gpus,tp,pp,cp,ep,dp,zero,seq_len,params_b,speed_error\n"
      "a.yaml,hopper,fp8,0,megatron,8,1,1,1,1,8,1,4096,8.0,0.1\n"
      "b.yaml,hopper,fp8,0,megatron,eight,1,1,1,1,8,1,4096,8.0,0.1\n",
      "residuals.csv");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().front().where.line, 3);
}

}  // namespace
}  // namespace gigasim
