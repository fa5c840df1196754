#include "spec/kernel_rates_parse.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "spec/entry_parse.hpp"
#include "spec/yaml_fields.hpp"

namespace gigasim {
namespace {

using yaml_fields::MappingReader;
using yaml_fields::Range;

constexpr Range kDimensionRange{1, 1e8};
constexpr Range kTflopsRange{0.001, 1e6};

bool ascending(const std::vector<double>& axis) {
  return std::adjacent_find(axis.begin(), axis.end(), std::greater_equal<>()) == axis.end();
}

// An axis of a table: a non-empty ascending list of positive numbers.
std::optional<std::vector<double>> read_axis(MappingReader& fields, std::string_view key) {
  fields.require(key, "list the measured sizes, ascending, e.g. [256, 1024, 4096]");
  auto axis = fields.number_list(key, kDimensionRange);
  if (!axis) return std::nullopt;
  if (axis->empty() || !ascending(*axis)) {
    fields.report(key, "is empty or not strictly ascending", "list each size once, smallest first");
    return std::nullopt;
  }
  return axis;
}

// Rows of a table, flattened, when there are `rows` of `columns` numbers each.
std::optional<std::vector<double>> read_rows(MappingReader& fields, std::string_view key, std::size_t rows,
                                             std::size_t columns, std::string_view layout) {
  fields.require(key, fmt::format("give the rates as {}", layout));
  const auto table = fields.number_rows(key, kTflopsRange);
  if (!table) return std::nullopt;
  if (table->size() != rows || (rows > 0 && table->front().size() != columns)) {
    fields.report(key,
                  fmt::format("has {} rows of {}, the axes call for {} rows of {}", table->size(),
                              table->empty() ? 0 : table->front().size(), rows, columns),
                  fmt::format("give {}", layout));
    return std::nullopt;
  }
  std::vector<double> flat;
  flat.reserve(rows * columns);
  for (const auto& row : *table) flat.insert(flat.end(), row.begin(), row.end());
  return flat;
}

std::optional<GemmTable> read_gemm_table(const YAML::Node& node, const std::string& path, std::string_view file,
                                         Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  GemmTable table;
  fields.require("source", "cite where the rates were measured");
  table.source = fields.text("source").value_or("");
  auto m = read_axis(fields, "m");
  auto n = read_axis(fields, "n");
  auto k = read_axis(fields, "k");
  if (m && n && k) {
    auto rates =
        read_rows(fields, "tflops", m->size() * n->size(), k->size(), "one row per (m, n), m-major, each row over k");
    if (rates) {
      table.m = std::move(*m);
      table.n = std::move(*n);
      table.k = std::move(*k);
      table.tflops = std::move(*rates);
      index_logs(table);
    }
  } else {
    (void)fields.node("tflops");
  }
  fields.reject_unknown_keys();
  if (out.size() != problems_before) return std::nullopt;
  return table;
}

std::optional<AttentionTable> read_attention_table(const YAML::Node& node, const std::string& path,
                                                   std::string_view file, Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  AttentionTable table;
  fields.require("source", "cite where the rates were measured");
  table.source = fields.text("source").value_or("");
  auto head_dims = read_axis(fields, "head_dim");
  auto seq_lens = read_axis(fields, "seq_len");
  if (head_dims && seq_lens) {
    constexpr std::string_view kLayout = "one row per head_dim, each row over seq_len";
    auto forward = read_rows(fields, "forward_tflops", head_dims->size(), seq_lens->size(), kLayout);
    auto backward = read_rows(fields, "backward_tflops", head_dims->size(), seq_lens->size(), kLayout);
    if (forward && backward) {
      table.head_dim = std::move(*head_dims);
      table.seq_len = std::move(*seq_lens);
      table.forward_tflops = std::move(*forward);
      table.backward_tflops = std::move(*backward);
      index_logs(table);
    }
  } else {
    (void)fields.node("forward_tflops");
    (void)fields.node("backward_tflops");
  }
  fields.reject_unknown_keys();
  if (out.size() != problems_before) return std::nullopt;
  return table;
}

template <class Table, class Reader>
void read_optional(MappingReader& section, std::string_view key, std::string_view file, Diagnostics& out, Reader reader,
                   std::optional<Table>& into) {
  if (!section.has(key)) return;
  into = reader(section.node(key), section.field_path(key), file, out);
}

std::vector<double> logs_of(const std::vector<double>& values) {
  std::vector<double> logs(values.size());
  std::transform(values.begin(), values.end(), logs.begin(), [](double value) { return std::log(value); });
  return logs;
}

}  // namespace

void index_logs(GemmTable& table) {
  table.log_m = logs_of(table.m);
  table.log_n = logs_of(table.n);
  table.log_k = logs_of(table.k);
  table.log_tflops = logs_of(table.tflops);
}

void index_logs(AttentionTable& table) {
  table.log_head_dim = logs_of(table.head_dim);
  table.log_seq_len = logs_of(table.seq_len);
  table.log_forward_tflops = logs_of(table.forward_tflops);
  table.log_backward_tflops = logs_of(table.backward_tflops);
}

const GemmTable* KernelRates::gemm(Precision precision) const {
  const std::optional<GemmTable>* table = &gemm_bf16;
  if (precision == Precision::fp16) table = &gemm_fp16;
  if (precision == Precision::fp8) table = &gemm_fp8;
  return table->has_value() ? &**table : nullptr;
}

const AttentionTable* KernelRates::attention(AttentionKernel kernel) const {
  const std::optional<AttentionTable>* table = &attention_fused;
  if (kernel == AttentionKernel::flash2) table = &attention_flash2;
  if (kernel == AttentionKernel::flash1) table = &attention_flash1;
  return table->has_value() ? &**table : nullptr;
}

std::optional<KernelRates> read_kernel_rates(const YAML::Node& node, std::string name, const std::string& path,
                                             std::string_view file, Diagnostics& out) {
  const std::size_t problems_before = out.size();
  MappingReader fields(node, path, file, out);
  if (!fields.valid()) return std::nullopt;
  KernelRates rates;
  rates.name = std::move(name);
  rates.description = fields.text("description").value_or("");
  rates.sources = fields.text_list("sources").value_or(std::vector<std::string>{});
  fields.require("peak_tflops", "give the dense peak of the part measured, e.g. { bf16: 989, fp8: 1979 }");
  if (fields.has("peak_tflops")) rates.peak = entry_parse::read_dense_peak(fields, "peak_tflops", file, out);
  if (fields.has("gemm")) {
    MappingReader gemm(fields.node("gemm"), fields.field_path("gemm"), file, out);
    read_optional(gemm, "fp16", file, out, read_gemm_table, rates.gemm_fp16);
    read_optional(gemm, "bf16", file, out, read_gemm_table, rates.gemm_bf16);
    read_optional(gemm, "fp8", file, out, read_gemm_table, rates.gemm_fp8);
    gemm.reject_unknown_keys();
  }
  if (fields.has("attention")) {
    MappingReader attention(fields.node("attention"), fields.field_path("attention"), file, out);
    read_optional(attention, "fused", file, out, read_attention_table, rates.attention_fused);
    read_optional(attention, "flash2", file, out, read_attention_table, rates.attention_flash2);
    read_optional(attention, "flash1", file, out, read_attention_table, rates.attention_flash1);
    attention.reject_unknown_keys();
  }
  const auto has_peak_for = [&](const std::optional<GemmTable>& table, const std::optional<FlopsPerSecond>& peak,
                                const char* precision) {
    if (table && !peak)
      fields.report("peak_tflops", fmt::format("has no {} peak for the {} GEMM table", precision, precision),
                    fmt::format("give peak_tflops.{}", precision));
  };
  has_peak_for(rates.gemm_fp16, rates.peak.fp16, "fp16");
  has_peak_for(rates.gemm_bf16, rates.peak.bf16, "bf16");
  has_peak_for(rates.gemm_fp8, rates.peak.fp8, "fp8");
  const bool attention_tables = rates.attention_fused || rates.attention_flash2 || rates.attention_flash1;
  if (attention_tables && !rates.peak.bf16 && !rates.peak.fp16)
    fields.report("peak_tflops", "has no 16-bit peak for the attention tables", "give peak_tflops.bf16");
  fields.reject_unknown_keys();
  if (out.size() != problems_before) return std::nullopt;
  return rates;
}

}  // namespace gigasim
