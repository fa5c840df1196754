#pragma once
// The bytes a layout makes each GPU move per micro-batch, by parallel group: what the model
// needs sent, not how long it takes (that is the cluster layer's job, which knows the wires).

#include <array>
#include <cstdint>

#include "spec/job.hpp"
#include "util/units.hpp"

namespace gigasim {

enum class CommGroup : std::uint8_t { tp, cp, ep, pp };
enum class CommKind : std::uint8_t { all_reduce, reduce_scatter, all_gather, all_to_all, send_recv };

// One kind of collective a layer issues: `forward` times per forward pass, `backward` per
// backward pass, each of `bytes` (NCCL's size convention: the buffer for all-reduce, the gathered
// size for all-gather, the input for reduce-scatter, all bytes sent for all-to-all, the message for
// send/recv). `recomputed` counts the forward ones redone by activation recomputation.
struct CommOp {
  CommGroup group = CommGroup::tp;
  CommKind kind = CommKind::all_reduce;
  Bytes bytes;
  double forward = 0;
  double backward = 0;
  bool redone_by_full_recompute = false;
};

class CommList {
 public:
  static constexpr std::size_t kCapacity = 8;
  void add(const CommOp& op) { ops_[size_++] = op; }
  [[nodiscard]] const CommOp* begin() const { return ops_.data(); }
  [[nodiscard]] const CommOp* end() const { return ops_.data() + size_; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::array<CommOp, kCapacity> ops_{};
  std::size_t size_ = 0;
};

// Collectives of transformer layer `layer` per micro-batch on one GPU:
// - TP with SP: all-gather before the QKV and MLP-up GEMMs, reduce-scatter after the output and
//   MLP-down GEMMs, mirrored in backward; Megatron-LM and Transformer Engine gather each of those
//   inputs once more in backward for the weight gradient, keeping only the shard (PyTorch's
//   DTensor keeps the gathered input instead); TP without SP: two all-reduces each way
//   (Korthikanti et al. 2022 §4.2.2; Shoeybi et al. 2019 §3).
// - CP: ring attention passes K and V around the cp ranks, cp − 1 steps forward and twice the
//   bytes (K, V and their gradients) backward (Megatron-Core context parallelism; Liu et al. 2023).
// - EP: an all-to-all to dispatch tokens to their experts and one to combine them, each way
//   (Lepikhin et al. 2020, GShard §2.2).
CommList layer_communication(const ModelSpec& model, const Parallelism& layout, Framework framework, int layer);

// Activations passed between neighbouring pipeline stages per micro-batch, one way.
Bytes pipeline_message_bytes(const ModelSpec& model, const Parallelism& layout);

}  // namespace gigasim
