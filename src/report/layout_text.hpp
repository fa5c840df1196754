#pragma once
// One layout in a table cell: "tp8 pp16×7 cp1 ep1 z1 mb1 selective" (pp × virtual stages, ZeRO stage,
// micro-batch, recompute mode).

#include <string>

#include "spec/job.hpp"

namespace gigasim {

std::string compact_layout(const Parallelism& p);

}  // namespace gigasim
