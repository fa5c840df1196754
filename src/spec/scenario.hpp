#pragma once
// A scenario (`gigasim plan [SCENARIO.yaml]`, INTERFACE.md §3): a question about a whole
// gigafactory — the model and tokens, the cluster (its layout searched where left out), the site,
// the facility, the constraints, and the claims to check against the plan. Sites come from
// data/sites.yaml (or a mapping); two scenarios are built in (data/scenarios/).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/catalog.hpp"
#include "spec/search_space.hpp"
#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

struct SiteSpec {
  std::string name;
  std::string description;
  std::optional<double> grid_g_co2_per_kwh;
  std::optional<double> electricity_usd_per_mwh;
};

enum class Cooling { liquid, air };
std::string_view to_string(Cooling cooling);

// A claim about the plan: the plan's `metric` near `value` (within a relative `within`), at least,
// or at most it. Both sides are shown; the verdict is computed, never stored.
struct ScenarioCheck {
  enum class Kind { near, at_least, at_most };
  std::string claim;
  std::string source;
  std::string metric;  // one of scenario_check_metrics()
  Kind kind = Kind::near;
  double value = 0;
  double within = 0;
};

// What a check may name: facility_average_mw, facility_peak_mw, it_average_mw, gpus,
// per_accelerator_w, energy_mwh, tco2, days, and accelerator_energy_mwh / accelerator_tco2 (GPUs
// and hosts through the PUE, without network and storage: what accelerator-count × measured power
// × PUE gives, as Patterson et al. 2021 count).
const std::vector<std::string_view>& scenario_check_metrics();

struct Scenario {
  std::string name;
  SearchJob job;           // the model on the cluster; layout fields left out are searched
  bool gpus_auto = false;  // the cluster is sized for constraints.deadline_days
  std::optional<double> pinned_days;
  std::optional<std::string> start;  // YYYY-MM-DD
  std::optional<SiteSpec> site;
  Cooling cooling = Cooling::liquid;
  std::optional<double> pue;  // else by cooling
  // H100 racks draw about 32 kW (BofA, May 2026, via facts/datacenter.md §3.4).
  double rack_power_kw = 32;
  double feed_kv = 230;  // facts §3.1: 138–500 kV in North America
  std::optional<double> deadline_days;
  std::optional<double> power_cap_mw;
  std::optional<double> budget_usd;
  std::vector<ScenarioCheck> checks;
};

Result<Scenario, Diagnostics> parse_scenario(std::string_view text, std::string_view origin, const Catalog& catalog);

// The built-in scenario of that name (data/scenarios/NAME.yaml), with its embedded path.
struct BuiltinScenario {
  std::string_view path;
  std::string_view text;
};
std::optional<BuiltinScenario> builtin_scenario(std::string_view name);

Result<std::map<std::string, SiteSpec, std::less<>>, Diagnostics> load_builtin_sites();

}  // namespace gigasim
