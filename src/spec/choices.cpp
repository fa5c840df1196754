#include "spec/choices.hpp"

#include <array>

namespace gigasim {

std::span<const NamedChoice<Recompute>> recompute_choices() {
  static constexpr std::array<NamedChoice<Recompute>, 4> kChoices{{
      {"none", Recompute::none, "keep every activation for the backward pass"},
      {"selective", Recompute::selective,
       "recompute core attention only (Korthikanti et al. 2022, Megatron-LM): 34·s·b·h bytes per GPT layer"},
      {"op-selective", Recompute::op_selective,
       "PyTorch op-level checkpointing as torchtitan applies it: keep the attention output and every other "
       "matmul output"},
      {"full", Recompute::full, "keep only each layer's input and recompute the whole layer in backward"},
  }};
  return kChoices;
}

std::span<const NamedChoice<Precision>> precision_choices() {
  static constexpr std::array<NamedChoice<Precision>, 3> kChoices{{
      {"fp16", Precision::fp16, "16-bit floating-point matmuls, loss scaling, 16-bit gradients"},
      {"bf16", Precision::bf16, "bfloat16 matmuls, gradients accumulated in fp32"},
      {"fp8", Precision::fp8,
       "fp8 matmuls in the linear layers (Hopper and later); attention and master weights "
       "stay in higher precision"},
  }};
  return kChoices;
}

std::span<const NamedChoice<Activation>> activation_choices() {
  static constexpr std::array<NamedChoice<Activation>, 3> kChoices{{
      {"gelu", Activation::gelu, "two-matrix MLP with GeLU (GPT-3, Megatron GPT)"},
      {"swiglu", Activation::swiglu, "gated three-matrix MLP with SiLU (Llama, Mixtral, DeepSeek)"},
      {"relu2", Activation::relu2, "two-matrix MLP with squared ReLU (Nemotron-4)"},
  }};
  return kChoices;
}

std::span<const NamedChoice<FabricTopology>> topology_choices() {
  static constexpr std::array<NamedChoice<FabricTopology>, 2> kChoices{{
      {"fat-tree", FabricTopology::fat_tree, "folded Clos: every leaf reaches every spine, tiers as listed"},
      {"rail-optimized", FabricTopology::rail_optimized,
       "GPU k of every node on leaf (rail) k, so same-rank traffic stays one hop; pods joined above"},
  }};
  return kChoices;
}

std::span<const NamedChoice<Framework>> framework_choices() {
  static constexpr std::array<NamedChoice<Framework>, 2> kChoices{{
      {"megatron", Framework::megatron,
       "Megatron-LM / NeMo: fused vocabulary-parallel cross-entropy, each micro-batch's loss taken on the last "
       "stage, sequence-parallel inputs saved sharded"},
      {"torchtitan", Framework::torchtitan,
       "PyTorch native (torchtitan): FSDP2 with fp32 sharded weights as master, loss-parallel cross-entropy, "
       "pipelining that keeps every micro-batch's output until the step ends"},
  }};
  return kChoices;
}

std::span<const NamedChoice<AttentionKernel>> attention_kernel_choices() {
  static constexpr std::array<NamedChoice<AttentionKernel>, 3> kChoices{{
      {"fused", AttentionKernel::fused,
       "Transformer Engine's fused attention: cuDNN / FlashAttention-3 class on Hopper and later, "
       "FlashAttention-2 on Ampere (megatron's default)"},
      {"flash2", AttentionKernel::flash2, "FlashAttention-2, as PyTorch SDPA runs it (torchtitan's default)"},
      {"flash1", AttentionKernel::flash1,
       "the first FlashAttention and the Triton kernels of its generation (2022 to mid-2023)"},
  }};
  return kChoices;
}

std::span<const NamedChoice<CudaGraphs>> cuda_graphs_choices() {
  static constexpr std::array<NamedChoice<CudaGraphs>, 4> kChoices{{
      {"none", CudaGraphs::none, "the host launches every kernel (eager; the default)"},
      {"router", CudaGraphs::router,
       "graphs hold each MoE layer's router and token preprocessing (Megatron-Core scopes moe_router, moe_preprocess)"},
      {"attention", CudaGraphs::attention,
       "graphs hold the attention blocks too (scopes attn, moe_router, moe_preprocess); dense MLPs and the experts "
       "stay eager"},
      {"full", CudaGraphs::full,
       "every kernel in graphs (whole layers or iterations): no launch costs the host; a MoE model needs token "
       "dropping with padding for it"},
  }};
  return kChoices;
}

std::span<const NamedChoice<PipelineSchedule>> pipeline_schedule_choices() {
  static constexpr std::array<NamedChoice<PipelineSchedule>, 3> kChoices{{
      {"1f1b", PipelineSchedule::one_f_one_b, "one forward, one backward (Narayanan et al. 2021): vpp 1"},
      {"interleaved", PipelineSchedule::interleaved,
       "1F1B over vpp chunks per stage: the bubble shrinks by vpp (Narayanan et al. 2021 §2.2)"},
      {"dualpipe", PipelineSchedule::dualpipe,
       "DeepSeek's DualPipe: micro-batches from both ends, each chunk's all-to-all and pipeline sends hidden behind "
       "another chunk's compute, a bubble of (pp/2 − 1)(F&B + B − 3W), two copies of the weights (DeepSeek-V3 "
       "report §3.2.1): vpp 1, pp even"},
  }};
  return kChoices;
}

std::string_view to_string(Precision precision) {
  return name_in(precision_choices(), precision);
}
std::string_view to_string(Activation activation) {
  return name_in(activation_choices(), activation);
}
std::string_view to_string(Recompute recompute) {
  return name_in(recompute_choices(), recompute);
}
std::string_view to_string(FabricTopology topology) {
  return name_in(topology_choices(), topology);
}
std::string_view to_string(Framework framework) {
  return name_in(framework_choices(), framework);
}
std::string_view to_string(AttentionKernel kernel) {
  return name_in(attention_kernel_choices(), kernel);
}
std::string_view to_string(CudaGraphs graphs) {
  return name_in(cuda_graphs_choices(), graphs);
}
std::string_view to_string(PipelineSchedule schedule) {
  return name_in(pipeline_schedule_choices(), schedule);
}

std::optional<Precision> precision_from_string(std::string_view text) {
  return value_in(precision_choices(), text);
}

}  // namespace gigasim
