#include "facility/power.hpp"

#include <algorithm>

namespace gigasim {
namespace {

constexpr double kMega = 1e6;
constexpr double kReferenceSwitchBitsPerS = 64 * 400e9;  // 64 × 400G = 25.6 Tb/s
constexpr double kReferenceLinkBitsPerS = 400e9;
constexpr double kBitsPerByte = 8.0;

}  // namespace

PowerProfile power_profile(const ClusterSpec& cluster, const ClusterBuild& build, const StepBreakdown& step,
                           const PowerInputs& inputs) {
  PowerProfile power;
  power.pue = inputs.pue;
  const double total_s = step.total().value();
  power.busy_fraction = total_s > 0 ? (step.compute + step.optimizer).value() / total_s : 1.0;
  const double node_share = power.busy_fraction * kComputeBusyShare + (1.0 - power.busy_fraction) * kWaitingShare;

  const double gpu_max_w = cluster.gpu.tdp.value() * cluster.node.gpus_per_node;
  const double host_max_w = cluster.node.host_power.value();
  const double nodes = build.nodes;
  const double gpus_peak = nodes * gpu_max_w / kMega;
  const double hosts_peak = nodes * host_max_w / kMega;

  double switches_w = 0;
  double optics_w = 0;
  const double link_bits = cluster.fabric.link_bandwidth.value() * kBitsPerByte;
  const double switch_w =
      inputs.switch_per_25_6_tbps.value() * cluster.fabric.switch_radix * link_bits / kReferenceSwitchBitsPerS;
  const double rate = link_bits / kReferenceLinkBitsPerS;
  const double nic_end_w = inputs.nic_transceiver_400g.value() * rate;
  const double switch_end_w = inputs.switch_transceiver_400g.value() * rate;
  for (std::size_t t = 0; t < build.tiers.size(); ++t) {
    const TierBuild& tier = build.tiers[t];
    switches_w += static_cast<double>(tier.switches) * switch_w;
    // The leaf's links start at a NIC; every other link joins two switch ports.
    const double near_end = t == 0 ? nic_end_w : switch_end_w;
    optics_w += static_cast<double>(tier.links_up) * (near_end + switch_end_w);
  }
  const double servers_peak = gpus_peak + hosts_peak;
  // A rack-scale system's NVLink switch trays draw as the fabric's switches do, whatever the phase.
  const double switch_trays_mw =
      static_cast<double>(build.switch_trays) * cluster.node.switch_tray_power.value() / kMega;
  const double network_mw = (switches_w + optics_w) / kMega;
  const double storage_mw = std::max(0.0, inputs.network_and_storage_share * servers_peak - network_mw);

  // Peaks are the compute phases' draw (below the rating, Latif et al. 2024).
  power.components = {
      {"gpus", gpus_peak * kComputeBusyShare, gpus_peak * node_share},
      {"hosts", hosts_peak * kComputeBusyShare, hosts_peak * node_share},
      {"switches", switches_w / kMega, switches_w / kMega},
      {"optics", optics_w / kMega, optics_w / kMega},
      {"storage", storage_mw, storage_mw},
  };
  if (build.switch_trays > 0) power.components.push_back({"nvswitch_trays", switch_trays_mw, switch_trays_mw});
  const double fixed = network_mw + storage_mw + switch_trays_mw;
  power.it_rated_mw = servers_peak + fixed;
  power.it_average_mw = servers_peak * node_share + fixed;
  power.it_compute_mw = servers_peak * kComputeBusyShare + fixed;
  power.it_waiting_mw = servers_peak * kWaitingShare + fixed;
  power.swing_mw = power.it_compute_mw - power.it_waiting_mw;
  power.it_peak_mw = power.it_compute_mw;
  // The most the facility draws is every node in a compute phase: nodes never reach their rating
  // in training (Latif et al. 2024), which it_rated_mw keeps for the nameplate.
  power.facility_peak_mw = power.it_compute_mw * inputs.pue;
  power.facility_average_mw = power.it_average_mw * inputs.pue;
  power.gpu_average_w = gpu_max_w * node_share / cluster.node.gpus_per_node;
  power.per_accelerator_average_w = (gpu_max_w + host_max_w) * node_share / cluster.node.gpus_per_node;
  power.accelerator_facility_average_mw = servers_peak * node_share * inputs.pue;
  return power;
}

}  // namespace gigasim
