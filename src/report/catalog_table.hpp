#pragma once
// The catalog listed for people (`gigasim catalog [section]`) and as JSON.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "spec/catalog.hpp"

namespace gigasim {

// `section` is gpus, nodes, fabrics, models, options (the named values of job fields) or
// scenarios (the built-in ones, a line each); empty lists them all.
std::string catalog_table(const Catalog& catalog, std::string_view section);
nlohmann::json catalog_json(const Catalog& catalog, std::string_view section);

}  // namespace gigasim
