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
  std::optional<double> pue;           // where the climate sets it (else the cooling's default)
  std::optional<double> available_mw;  // grid power approved for the site, where published
};

// Renting a GPU (data/cloud.yaml): on-demand and reserved $/GPU-hour, each with its date.
struct CloudPrices {
  std::optional<double> on_demand_usd_per_gpu_hour;
  std::string on_demand_date;
  std::optional<double> reserved_usd_per_gpu_hour;
  std::string reserved_date;
};

// The scenario's `finance:` section: each field overrides a default of facility/cost.hpp.
struct Finance {
  std::optional<double> gpu_price_usd;
  std::optional<double> server_rest_per_gpu_usd;
  std::optional<double> depreciation_years;
  std::optional<double> facility_usd_per_mw;
  std::optional<double> maintenance_share;
  std::optional<double> staff_share;
  std::optional<double> cloud_usd_per_gpu_hour;
  std::optional<double> reserved_usd_per_gpu_hour;
};

// Another option planned the same way (INTERFACE.md §3 alternatives): its own cluster, delivered
// on a date; the plan says which trains the model first and at what cost.
struct ScenarioAlternative {
  std::string name;
  SearchJob job;
  std::optional<std::string> delivery;  // YYYY-MM-DD: training starts then
};

// The scenario's `reliability:` section: how the run checkpoints and how many hot spares wait.
struct ReliabilityPolicy {
  enum class Recovery { storage, memory, elastic };  // as reliability/checkpoint.hpp describes them
  Recovery recovery = Recovery::storage;
  bool asynchronous_checkpoints = false;          // checkpoint: asynchronous (copy to host, write behind)
  std::optional<double> checkpoint_interval_min;  // unset: Daly's optimum
  std::optional<int> spares;                      // unset: 1% of the nodes, at least one
  // Monte Carlo trials for the run's days with failures (its 90th percentile); unset: the closed form.
  std::optional<int> trials;
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
  std::string note;  // the author's reading when the claim does not hold (a finding, not an error)
};

// What a check may name: facility_average_mw, facility_peak_mw, it_average_mw, gpus,
// per_accelerator_w, energy_mwh, tco2, days, accelerator_energy_mwh / accelerator_tco2 (GPUs and
// hosts through the PUE, without network and storage: what accelerator-count × measured power ×
// PUE gives, as Patterson et al. 2021 count), gpu_capex_usd, capex_usd, cost_per_run_usd,
// cloud_per_year_usd, breakeven_months, large_power_plants, substation_transformers, mfu.
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
  std::optional<double> budget_usd;      // capex
  std::optional<double> run_budget_usd;  // the training run's cost (owned: depreciation and opex over its days)
  ReliabilityPolicy reliability;
  Finance finance;
  std::vector<ScenarioAlternative> alternatives;
  std::vector<ScenarioCheck> checks;
};

Result<Scenario, Diagnostics> parse_scenario(std::string_view text, std::string_view origin, const Catalog& catalog);

// The built-in scenario of that name (data/scenarios/NAME.yaml), with its embedded path.
struct BuiltinScenario {
  std::string_view path;
  std::string_view text;
};
std::optional<BuiltinScenario> builtin_scenario(std::string_view name);
// Every built-in scenario's name, in data/scenarios/'s embedding order.
std::vector<std::string> builtin_scenario_names();
// A built-in scenario and what it plans: its file's opening comment, as one line.
struct BuiltinScenarioSummary {
  std::string name;
  std::string description;
};
std::vector<BuiltinScenarioSummary> builtin_scenario_summaries();

Result<std::map<std::string, SiteSpec, std::less<>>, Diagnostics> load_builtin_sites();
// By GPU catalog name.
Result<std::map<std::string, CloudPrices, std::less<>>, Diagnostics> load_builtin_cloud_prices();

}  // namespace gigasim
