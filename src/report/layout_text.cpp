#include "report/layout_text.hpp"

#include <fmt/format.h>

#include "spec/choices.hpp"

namespace gigasim {

std::string compact_layout(const Parallelism& p) {
  return fmt::format("tp{} pp{}×{} cp{} ep{} z{} mb{} {}", p.tp, p.pp, p.vpp, p.cp, p.ep, p.zero, p.micro_batch,
                     to_string(p.recompute));
}

}  // namespace gigasim
