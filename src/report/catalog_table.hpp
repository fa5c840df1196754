#pragma once
// The catalog listed for people (`gigasim catalog [section]`) and as JSON.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "spec/catalog.hpp"

namespace gigasim {

// `section` is gpus, nodes, fabrics, models or options (the named values of job fields); empty
// lists them all.
std::string catalog_table(const Catalog& catalog, std::string_view section);
nlohmann::json catalog_json(const Catalog& catalog, std::string_view section);

}  // namespace gigasim
