#pragma once
// What YAML claim sets and JSON Lines corpora share once a field is read: the source text a
// document names, quotes placed in it, and the wording of errors about claim fields.
#include <optional>
#include <string>
#include <vector>

#include "model/claim.hpp"
#include "model/diagnostics.hpp"

namespace claimcheck {

// The source text a document names (relative to the file that names it), white space collapsed
// so quotes match text the source wraps over lines; an error at `loc` if it cannot be read.
std::optional<std::string> read_source_text(const std::string& naming_file, const std::string& source,
                                            const SourceLoc& loc, Diagnostics& diags);

// Finds the claim's quote in the collapsed source text and keeps the text around it; the error
// to report when it is not there.
std::optional<std::string> place_quote(const std::string& source_text, const std::string& source_name, RawClaim& claim);

// A period comparison from its two period texts (at `locs`; the list at `list_loc`): false, with
// errors, unless they are two different ISO periods.
bool fill_period_proxy(const std::vector<std::string>& texts, const std::vector<SourceLoc>& locs,
                       const SourceLoc& list_loc, PeriodProxy& proxy, Diagnostics& diags);

std::string unknown_modality_message(const std::string& word);
std::string unknown_tense_message(const std::string& word);

}  // namespace claimcheck
