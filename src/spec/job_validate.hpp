#pragma once
// Cross-field checks on a parsed job: the layout must divide the model and the cluster exactly.
// Internal to the spec layer (parse_job calls it).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "spec/job.hpp"
#include "util/diagnostic.hpp"

namespace gigasim {

// Where each field of the job file was written ("parallelism.tp" → line 7, column 7); fields
// left out point at the section or the file start.
class FieldLocations {
 public:
  explicit FieldLocations(std::string file) : file_(std::move(file)) {}
  void set(const std::string& field, SourceLocation where) { places_.insert_or_assign(field, std::move(where)); }
  [[nodiscard]] SourceLocation at(std::string_view field) const;
  [[nodiscard]] bool written(std::string_view field) const { return places_.contains(field); }

 private:
  std::string file_;
  std::map<std::string, SourceLocation, std::less<>> places_;
};

Diagnostics validate_job(const Job& job, const FieldLocations& where);

// The field of the first problem validate_job would report ("parallelism.tp"), or none, without
// building any message: it allocates nothing, for the search's inner loop.
std::optional<std::string_view> first_invalid_field(const Job& job, const FieldLocations& where);

}  // namespace gigasim
