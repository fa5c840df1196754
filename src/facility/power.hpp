#pragma once
// What the cluster draws (issue 7): per component, at peak and on average over a training step,
// as IT power and as facility power through the PUE.
//
// A node draws a share of its maximum (GPUs at TDP plus the host) that depends on what it does:
// in compute-busy phases 0.83 of it (Latif et al. 2024, arXiv:2412.08602: an 8-GPU H100 HGX node
// peaked at 8.48 kW of its rated 10.2 kW training Llama 2 13B with the GPUs near full
// utilisation); while it waits on communication or on other pipeline stages, kWaitingShare of it.
// The step estimate says how long each phase lasts. Switches and optics draw the same all the time;
// storage takes the rest of the ~10% that SemiAnalysis puts on network and storage together.

#include <string>
#include <vector>

#include "facility/build_out.hpp"
#include "perf/step_estimate.hpp"
#include "spec/job.hpp"

namespace gigasim {

inline constexpr double kComputeBusyShare = 8.48 / 10.2;  // Latif et al. 2024 (above)
// ASSUMPTION: half the node's maximum while its GPUs wait (clocks and HBM stay up, the SMs mostly
// idle); no measurement of the waiting phases was found. Newkirk et al. 2025 (arXiv:2506.14551)
// report 76% of the rating on average over compute-intensive training, which this split gives
// for a step about 80% busy.
inline constexpr double kWaitingShare = 0.5;

struct ComponentPower {
  std::string component;  // gpus, hosts, switches, optics, storage; nvswitch_trays on rack-scale systems
  double peak_mw = 0;
  double average_mw = 0;
};

struct PowerProfile {
  std::vector<ComponentPower> components;
  double busy_fraction = 0;  // of the step: compute and optimizer
  double it_rated_mw = 0;    // every node at its rated maximum (the nameplate)
  double it_peak_mw = 0;     // every node in a compute phase: the most it draws training
  double it_average_mw = 0;  // over the step
  double it_compute_mw = 0;  // during compute phases
  double it_waiting_mw = 0;  // during communication and bubbles
  double swing_mw = 0;       // it_compute − it_waiting: the load step the grid sees, every step
  double pue = 1;
  double facility_peak_mw = 0;  // it_peak × PUE
  double facility_average_mw = 0;
  double gpu_average_w = 0;              // per GPU
  double per_accelerator_average_w = 0;  // per GPU with its host share (the GPT-3 paper's measure)
  // GPUs and hosts only, through the PUE: what "accelerators × measured power × PUE" counts
  // (Patterson et al. 2021), without the network and storage.
  double accelerator_facility_average_mw = 0;
};

struct PowerInputs {
  double pue = 1.2;
  // Switch power without optics: 1 kW per 64 ports of 400G (ASSUMPTION, facts/datacenter.md §7: no
  // measured Quantum-2 or SN5600 figure found; the SN5600 has dual 3 kW supplies), scaled by the
  // switch's ports × link rate (a 36-port 100G EDR switch: 141 W).
  Watts switch_per_25_6_tbps = Watts(1000.0);
  // Optics per 400G link end: NIC side 8 W typical, switch side 800G twin-port SR8 15 W = 7.5 W a
  // port (NVIDIA LinkX docs, facts §2.4); other rates scaled by their bandwidth (ASSUMPTION).
  Watts nic_transceiver_400g = Watts(8.0);
  Watts switch_transceiver_400g = Watts(7.5);
  // Network and storage together, as a share of server power (SemiAnalysis, 100k H100 clusters,
  // Jun 2024: "about 10%").
  double network_and_storage_share = 0.10;
};

PowerProfile power_profile(const ClusterSpec& cluster, const ClusterBuild& build, const StepBreakdown& step,
                           const PowerInputs& inputs);

}  // namespace gigasim
