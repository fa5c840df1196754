#pragma once
// Every name a user picks from a fixed set (recompute modes, precisions, activations, fabric
// topologies) in one registry: the parser accepts exactly these names, output prints them, and
// `gigasim catalog options` lists them with their one-line descriptions.

#include <optional>
#include <span>
#include <string_view>

#include "spec/hardware_spec.hpp"
#include "spec/job.hpp"
#include "spec/model_spec.hpp"
#include "spec/precision.hpp"

namespace gigasim {

template <class T>
struct NamedChoice {
  std::string_view name;
  T value;
  std::string_view description;
};

std::span<const NamedChoice<Recompute>> recompute_choices();
std::span<const NamedChoice<Precision>> precision_choices();
std::span<const NamedChoice<Activation>> activation_choices();
std::span<const NamedChoice<FabricTopology>> topology_choices();
std::span<const NamedChoice<Framework>> framework_choices();
std::span<const NamedChoice<AttentionKernel>> attention_kernel_choices();
std::span<const NamedChoice<CudaGraphs>> cuda_graphs_choices();
std::span<const NamedChoice<PipelineSchedule>> pipeline_schedule_choices();

template <class T>
std::string_view name_in(std::span<const NamedChoice<T>> choices, T value) {
  for (const auto& choice : choices)
    if (choice.value == value) return choice.name;
  return "?";
}

template <class T>
std::optional<T> value_in(std::span<const NamedChoice<T>> choices, std::string_view name) {
  for (const auto& choice : choices)
    if (choice.name == name) return choice.value;
  return std::nullopt;
}

std::string_view to_string(FabricTopology topology);
std::string_view to_string(Framework framework);
std::string_view to_string(AttentionKernel kernel);
std::string_view to_string(CudaGraphs graphs);

}  // namespace gigasim
