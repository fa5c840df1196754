#pragma once
// The layouts `gigasim search` chooses among (INTERFACE.md §1: a parallelism field set to `auto`,
// or to a list of values, is searched). The spec layer only records what the job file asks for;
// the search layer expands `auto` into candidates, since that needs the model and the cluster.

#include <vector>

#include "spec/job.hpp"

namespace gigasim {

// One searchable field: `automatic` when the file says `auto`; otherwise the values to try, a
// single value when the field is fixed (given, or left to its default).
template <class T>
struct FieldChoices {
  bool automatic = false;
  std::vector<T> values;
  [[nodiscard]] bool fixed() const { return !automatic && values.size() == 1; }
};

struct SearchSpace {
  FieldChoices<int> tp;
  FieldChoices<int> pp;
  FieldChoices<int> vpp;
  FieldChoices<int> cp;
  FieldChoices<int> ep;
  FieldChoices<int> zero;
  FieldChoices<int> micro_batch;
  FieldChoices<Recompute> recompute;
  bool sp_given = false;  // sp written in the file: kept for every candidate, else sp = tp > 1
  bool dp_given = false;  // dp written as a number: candidates must match it, else derived
  bool stage_layers_given = false;

  [[nodiscard]] bool fixed() const {
    return tp.fixed() && pp.fixed() && vpp.fixed() && cp.fixed() && ep.fixed() && zero.fixed() &&
           micro_batch.fixed() && recompute.fixed();
  }
};

// A job whose layout is to be searched: `base` holds every other field resolved and, for the
// searched ones, their first value (or 1) as a placeholder that is not checked.
struct SearchJob {
  Job base;
  SearchSpace space;
};

}  // namespace gigasim
