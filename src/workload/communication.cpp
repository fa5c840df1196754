#include "workload/communication.hpp"

namespace gigasim {
namespace {

constexpr double k16Bit = 2.0;
constexpr double kTpCollectivesPerLayer = 2.0;  // around attention and around the MLP

}  // namespace

CommList layer_communication(const ModelSpec& model, const Parallelism& layout, Framework framework, int layer) {
  CommList ops;
  const double tokens = double(layout.micro_batch) * layout.seq_len / layout.cp;
  const Bytes hidden_state(k16Bit * tokens * model.hidden);  // the whole sequence chunk, unsharded
  if (layout.tp > 1) {
    if (layout.sp) {
      // Megatron-LM keeps only each column-parallel linear's input shard for backward and gathers
      // it again there for the weight gradient (LinearWithGradAccumulationAndAsyncCommunication.
      // backward; Transformer Engine's Linear alike), besides the gradient of the forward's
      // reduce-scatter. Korthikanti et al. 2022 Table 4 shows the extra gathers exposed: on the 22B
      // layer SP saves 0.5 ms forward but 0.1 ms backward, where its sharded norms and dropouts
      // save alike both ways and the extra gathers take about 0.75 ms. PyTorch's DTensor (torchtitan)
      // keeps the gathered input for the matmul's backward: no extra gather.
      const double regathers = framework == Framework::megatron ? kTpCollectivesPerLayer : 0.0;
      ops.add({CommGroup::tp, CommKind::all_gather, hidden_state, kTpCollectivesPerLayer,
               kTpCollectivesPerLayer + regathers, true});
      ops.add({CommGroup::tp, CommKind::reduce_scatter, hidden_state, kTpCollectivesPerLayer, kTpCollectivesPerLayer,
               true});
    } else {
      ops.add(
          {CommGroup::tp, CommKind::all_reduce, hidden_state, kTpCollectivesPerLayer, kTpCollectivesPerLayer, true});
    }
  }
  if (layout.cp > 1) {
    // Each ring step sends this rank's K and V chunk: tokens · (K + V widths) / tp values.
    const AttentionWidths widths = model.attention_widths();
    const double kv_values = tokens * (widths.k + widths.v) / layout.tp;
    const double steps = layout.cp - 1;
    ops.add({CommGroup::cp, CommKind::send_recv, Bytes(k16Bit * kv_values), steps, 2.0 * steps, true});
  }
  if (layout.ep > 1 && model.is_moe_layer(layer)) {
    // Each token's hidden state goes to top_k experts and comes back; under SP each TP rank
    // dispatches its own share of the tokens.
    const double dispatched = tokens / (layout.sp ? layout.tp : 1) * model.moe->top_k;
    const Bytes sent(k16Bit * dispatched * model.hidden);
    ops.add({CommGroup::ep, CommKind::all_to_all, sent, 2.0, 2.0, true});
  }
  return ops;
}

Bytes pipeline_message_bytes(const ModelSpec& model, const Parallelism& layout) {
  const double tokens = double(layout.micro_batch) * layout.seq_len / layout.cp;
  return Bytes(k16Bit * tokens * model.hidden / (layout.sp ? layout.tp : 1));
}

}  // namespace gigasim
