#pragma once
// The power chain from the utility's high-voltage feed to the GPU's core rail (issue 7;
// facts/datacenter.md §3): utility feed → substation transformers (HV → MV) → unit transformers
// (MV → 480 V) → UPS → PDU/busway → rack PSU (→ 54 V DC) → intermediate bus converter (→ 12 V) →
// GPU voltage regulator (→ below 1 V). Each stage passes on its input times its efficiency.
//
// What flows where: the transformers carry the whole facility (IT, cooling and the losses of the
// stages after them); the UPS and PDU the IT load; the rack PSUs the servers; the converters and
// regulators the GPUs' share of the servers. Efficiencies at the defaults of facts §3.2/§7: HV/MV
// 99%, MV/LV 99% (1.0–1.5% loss at full load), UPS 96% (double conversion at 40–50% load), PDU
// 98.5%, PSU 96% (80 PLUS Titanium at 50% load), IBC 97.5% and VRM 90% (ASSUMPTIONS: no source).

#include <optional>
#include <string>
#include <vector>

#include "facility/power.hpp"

namespace gigasim {

struct ChainStage {
  std::string stage;
  double voltage_in_v = 0;
  double voltage_out_v = 0;
  double efficiency = 1;
  double power_in_mw = 0;
  double loss_mw = 0;
  // Transformers only: units, rating and redundancy, and how long they take to get.
  std::optional<int> transformers;
  std::optional<double> rating_mva;
  std::string redundancy;
  std::optional<double> lead_time_weeks;
};

struct PowerChain {
  std::vector<ChainStage> stages;   // from the grid to the GPU
  double grid_mw = 0;               // drawn at the feed (facility peak)
  double gpu_rail_mw = 0;           // reaching the GPUs' cores
  double cooling_and_other_mw = 0;  // facility power the chain does not carry to IT
};

struct ChainInputs {
  double feed_kv = 230;  // 138–500 kV in North America (facts §3.1)
  double distribution_kv = 34.5;
  double low_voltage_v = 480;
};

// The chain at the facility's peak draw (what the transformers and feeders are sized for).
PowerChain power_chain(const PowerProfile& power, const ChainInputs& inputs);

}  // namespace gigasim
