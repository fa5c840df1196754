#include "spec/astra_network.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "spec/yaml_fields.hpp"
#include "spec/yaml_load.hpp"

namespace gigasim {
namespace {

using yaml_fields::MappingReader;
using yaml_fields::Range;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;  // ASTRA-sim's GB/s is 2^30 bytes per second
constexpr double kSecondsPerNanosecond = 1e-9;
constexpr Range kNpusRange{1, 1 << 24};
constexpr double kMaxBandwidthGbps = 1e6;  // 1 PB/s per link: past any wire
constexpr double kMaxLatencyNs = 1e9;      // a second per hop: a typo

constexpr std::array<std::pair<std::string_view, AstraBlock>, 3> kBlocks{{
    {"Ring", AstraBlock::ring},
    {"FullyConnected", AstraBlock::fully_connected},
    {"Switch", AstraBlock::switch_},
}};

// A list of numbers in [min, max]; each bad entry reported with the field's place.
std::vector<double> numbers(MappingReader& fields, std::string_view key, double min, double max) {
  std::vector<double> values;
  const auto items = fields.text_list(key);
  if (!items) return values;
  for (const std::string& item : *items) {
    std::size_t used = 0;
    double value = 0;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || !(value > min) || value > max) {
      fields.report(key, fmt::format("'{}' is not a number above {} and at most {}", item, min, max), "fix that entry");
      return {};
    }
    values.push_back(value);
  }
  return values;
}

}  // namespace

long long AstraNetwork::npus() const {
  long long product = 1;
  for (const AstraDimension& dimension : dimensions) product *= dimension.npus;
  return product;
}

Result<AstraNetwork, Diagnostics> parse_astra_network(std::string_view text, std::string_view origin) {
  Diagnostics problems;
  const auto root = load_yaml_mapping(text, origin, "topology, npus_count, bandwidth and latency", problems);
  if (!root) return fail(std::move(problems));
  MappingReader fields(*root, "", origin, problems);
  for (const char* key : {"topology", "npus_count", "bandwidth", "latency"})
    fields.require(key,
                   "an ASTRA-sim analytical network lists topology, npus_count, bandwidth (GB/s) and latency "
                   "(ns), one entry per dimension");
  std::vector<AstraBlock> blocks;
  if (const auto names = fields.text_list("topology"))
    for (const std::string& name : *names) {
      const auto* found = std::find_if(kBlocks.begin(), kBlocks.end(), [&](const auto& b) { return b.first == name; });
      if (found == kBlocks.end()) {
        fields.report("topology", fmt::format("'{}' is not a building block", name),
                      "use Ring, FullyConnected or Switch");
        break;
      }
      blocks.push_back(found->second);
    }
  const std::vector<int> npus = fields.integer_list("npus_count", kNpusRange).value_or(std::vector<int>{});
  const std::vector<double> bandwidth = numbers(fields, "bandwidth", 0, kMaxBandwidthGbps);
  const std::vector<double> latency = numbers(fields, "latency", -1e-300, kMaxLatencyNs);
  fields.reject_unknown_keys();
  if (!problems.empty()) return fail(std::move(problems));
  if (blocks.empty() || npus.size() != blocks.size() || bandwidth.size() != blocks.size() ||
      latency.size() != blocks.size()) {
    fields.report("npus_count",
                  fmt::format("{} topology entries, {} npus_count, {} bandwidth, {} latency", blocks.size(),
                              npus.size(), bandwidth.size(), latency.size()),
                  "give one entry per dimension in each list");
    return fail(std::move(problems));
  }
  AstraNetwork network;
  for (std::size_t i = 0; i < blocks.size(); ++i)
    network.dimensions.push_back(
        {blocks[i], npus[i], BytesPerSecond(bandwidth[i] * kGiB), Seconds(latency[i] * kSecondsPerNanosecond)});
  return network;
}

}  // namespace gigasim
