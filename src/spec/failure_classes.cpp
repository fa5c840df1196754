#include "spec/failure_classes.hpp"

#include <array>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "spec/embedded_data.hpp"
#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"

namespace gigasim {
namespace {

using yaml_fields::MappingReader;
using yaml_fields::Range;

constexpr double kDaysPerYear = 365;
constexpr Range kPositive{0, 1e12};
constexpr std::array<std::pair<std::string_view, FailureBasis>, 5> kBases{{{"gpu", FailureBasis::gpu},
                                                                           {"node", FailureBasis::node},
                                                                           {"nic", FailureBasis::nic},
                                                                           {"link", FailureBasis::link},
                                                                           {"job", FailureBasis::job}}};

}  // namespace

double FailureCatalog::rate_per_year(const FailureClass& failure) const {
  const double years = days / kDaysPerYear;
  double units = 1;
  switch (failure.per) {
    case FailureBasis::gpu: units = gpus; break;
    case FailureBasis::node: units = nodes; break;
    case FailureBasis::nic: units = nics; break;
    case FailureBasis::link: units = links; break;
    case FailureBasis::job: units = 1; break;
  }
  return failure.count / (units * years);
}

Result<FailureCatalog, Diagnostics> load_builtin_failures() {
  Diagnostics problems;
  FailureCatalog catalog;
  for (const EmbeddedText& file : embedded_plan_files()) {
    if (file.name != "data/failures.yaml") continue;
    const auto root = load_yaml_mapping(file.text, file.name, "calibration and classes", problems);
    if (!root) break;
    MappingReader top(*root, "", file.name, problems);
    MappingReader calibration(top.node("calibration"), "calibration", file.name, problems);
    catalog.days = calibration.number("days", kPositive).value_or(0.0);
    catalog.gpus = calibration.number("gpus", kPositive).value_or(0.0);
    catalog.nodes = calibration.number("nodes", kPositive).value_or(0.0);
    catalog.nics = calibration.number("nics", kPositive).value_or(0.0);
    catalog.links = calibration.number("links", kPositive).value_or(0.0);
    calibration.reject_unknown_keys();
    for (const auto& entry : top.node("classes")) {
      const auto name = entry.first.as<std::string>();
      MappingReader fields(entry.second, "classes." + name, file.name, problems);
      FailureClass failure;
      failure.name = name;
      failure.description = fields.text("description").value_or("");
      failure.count = fields.number("count", kPositive).value_or(0.0);
      failure.planned = fields.boolean("planned").value_or(false);
      const auto per = fields.text("per").value_or("");
      bool known = false;
      for (const auto& [basis_name, basis] : kBases)
        if (per == basis_name) {
          failure.per = basis;
          known = true;
        }
      if (!known) fields.report("per", fmt::format("'{}' is not a basis", per), "use gpu, node, nic, link or job");
      fields.reject_unknown_keys();
      catalog.classes.push_back(failure);
    }
    top.reject_unknown_keys();
  }
  if (!problems.empty()) return fail(std::move(problems));
  return catalog;
}

}  // namespace gigasim
