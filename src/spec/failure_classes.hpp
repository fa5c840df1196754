#pragma once
// The failure classes of data/failures.yaml: what interrupts a training job, per GPU, node, NIC,
// fabric link or job, with the counts of the calibration run (Llama 3's 54-day snapshot).

#include <string>
#include <vector>

#include "util/diagnostic.hpp"
#include "util/result.hpp"

namespace gigasim {

enum class FailureBasis { gpu, node, nic, link, job };

struct FailureClass {
  std::string name;
  std::string description;
  FailureBasis per = FailureBasis::gpu;
  double count = 0;  // interruptions in the calibration run
  bool planned = false;
};

struct FailureCatalog {
  double days = 0;  // the calibration run's length and its exposure
  double gpus = 0;
  double nodes = 0;
  double nics = 0;
  double links = 0;
  std::vector<FailureClass> classes;
  // Interruptions per unit (GPU, node, NIC, link) per year, or per job per year.
  [[nodiscard]] double rate_per_year(const FailureClass& failure) const;
};

Result<FailureCatalog, Diagnostics> load_builtin_failures();

}  // namespace gigasim
