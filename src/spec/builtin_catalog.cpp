#include "spec/catalog.hpp"
#include "spec/embedded_data.hpp"

namespace gigasim {

Result<Catalog, Diagnostics> load_builtin_catalog() {
  Catalog catalog;
  Diagnostics problems;
  for (const auto& file : embedded_catalog_files()) {
    auto merged = merge_catalog_text(catalog, file.text, file.name);
    if (!merged) {
      problems.insert(problems.end(), merged.error().begin(), merged.error().end());
      continue;
    }
    catalog = std::move(merged).value();
  }
  Diagnostics references = check_catalog_references(catalog);
  problems.insert(problems.end(), references.begin(), references.end());
  if (!problems.empty()) return fail(std::move(problems));
  return catalog;
}

}  // namespace gigasim
