#include "facility/power_chain.hpp"

#include <algorithm>
#include <cmath>

namespace gigasim {
namespace {

constexpr double kHighToMedium = 0.99;   // facts §3.2: HV/MV ~1% loss
constexpr double kMediumToLow = 0.99;    // facts §3.2: MV/LV 1.0–1.5% loss at full load
constexpr double kUps = 0.96;            // facts §3.2: double conversion at 40–50% load (ASSUMPTION)
constexpr double kPdu = 0.985;           // facts §3.2: PDU/busway 94–98%; §7 default 98.5%
constexpr double kRackPsu = 0.96;        // 80 PLUS Titanium, 50% load (facts §3.2)
constexpr double kBusConverter = 0.975;  // 54 → 12 V: ASSUMPTION (facts §3.2, no source found)
constexpr double kRegulator = 0.90;      // 12 V → core: ASSUMPTION (facts §3.2, no source found)
constexpr double kRackBusV = 54;         // OCP Open Rack V3 busbar (facts §3.1)
constexpr double kBoardBusV = 12;
constexpr double kCoreV = 0.8;  // 0.6–1 V GPU core rail (facts §3.1)
constexpr double kKilo = 1e3;
// ASSUMPTIONS (no sizing source in facts): a 0.95 power factor; substation units of 80 MVA (the
// large-power-transformer class), N+1; data-hall unit transformers of 3 MVA, 2N.
constexpr double kPowerFactor = 0.95;
constexpr double kSubstationMva = 80;
constexpr double kUnitMva = 3;
// Large power transformers: 128 weeks on average (Wood Mackenzie Q2 2025 survey; DOE 2024 gives
// 80–210), facts §3.5. No lead time was found for data-hall unit transformers.
constexpr double kLargeTransformerWeeks = 128;

}  // namespace

PowerChain power_chain(const PowerProfile& power, const ChainInputs& inputs) {
  PowerChain chain;
  // Loads at the facility's peak: IT at its peak, the same PUE overhead on top.
  const double it = power.it_peak_mw;
  const double facility = power.facility_peak_mw;
  const double gpus = power.components.front().peak_mw;  // "gpus"
  const double hosts = power.components[1].peak_mw;      // "hosts"
  // A rack-scale system's NVLink switch trays hang on the rack's power shelves with its compute trays.
  double switch_trays = 0;
  for (const ComponentPower& component : power.components)
    if (component.component == "nvswitch_trays") switch_trays = component.peak_mw;
  const double servers = gpus + hosts + switch_trays;

  // Before the rack, back from the IT load.
  const double pdu_in = it / kPdu;
  const double ups_in = pdu_in / kUps;
  // The transformers feed the UPS and the rest of the facility (cooling, lighting), whatever the
  // PUE leaves once every electrical loss is counted, so the feed draws the facility power.
  chain.cooling_and_other_mw = std::max(0.0, facility * kMediumToLow * kHighToMedium - ups_in);
  const double lv_out = ups_in + chain.cooling_and_other_mw;
  const double mv_in = lv_out / kMediumToLow;
  const double hv_in = mv_in / kHighToMedium;
  chain.grid_mw = hv_in;

  const auto transformers = [](double mw, double rating_mva, bool two_n) {
    const int needed = static_cast<int>(std::ceil(mw / kPowerFactor / rating_mva));
    return two_n ? 2 * needed : needed + 1;
  };
  ChainStage substation{"substation transformers",
                        inputs.feed_kv * kKilo,
                        inputs.distribution_kv * kKilo,
                        kHighToMedium,
                        hv_in,
                        hv_in - mv_in,
                        transformers(hv_in, kSubstationMva, false),
                        kSubstationMva,
                        "N+1",
                        kLargeTransformerWeeks};
  ChainStage unit{"unit transformers",
                  inputs.distribution_kv * kKilo,
                  inputs.low_voltage_v,
                  kMediumToLow,
                  mv_in,
                  mv_in - lv_out,
                  transformers(mv_in, kUnitMva, true),
                  kUnitMva,
                  "2N",
                  std::nullopt};
  ChainStage ups{"UPS",           inputs.low_voltage_v, inputs.low_voltage_v, kUps, ups_in,
                 ups_in - pdu_in, std::nullopt,         std::nullopt,         "",   std::nullopt};
  ChainStage pdu{"PDU / busway", inputs.low_voltage_v, inputs.low_voltage_v, kPdu, pdu_in,
                 pdu_in - it,    std::nullopt,         std::nullopt,         "",   std::nullopt};
  // Inside the racks (fabric switches and storage have their own supplies, counted in IT).
  const double psu_out = servers * kRackPsu;
  ChainStage psu{"rack power supplies", inputs.low_voltage_v, kRackBusV,    kRackPsu, servers,
                 servers - psu_out,     std::nullopt,         std::nullopt, "",       std::nullopt};
  // The GPUs' share of the server power passes the converter and the regulator.
  const double gpu_in = psu_out * (servers > 0 ? gpus / servers : 0.0);
  const double ibc_out = gpu_in * kBusConverter;
  ChainStage ibc{"intermediate bus converters",
                 kRackBusV,
                 kBoardBusV,
                 kBusConverter,
                 gpu_in,
                 gpu_in - ibc_out,
                 std::nullopt,
                 std::nullopt,
                 "",
                 std::nullopt};
  const double rail = ibc_out * kRegulator;
  ChainStage vrm{"GPU voltage regulators", kBoardBusV,   kCoreV,       kRegulator, ibc_out,
                 ibc_out - rail,           std::nullopt, std::nullopt, "",         std::nullopt};
  chain.gpu_rail_mw = rail;
  chain.stages = {substation, unit, ups, pdu, psu, ibc, vrm};
  return chain;
}

}  // namespace gigasim
