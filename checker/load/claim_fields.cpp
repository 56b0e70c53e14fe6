#include "load/claim_fields.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace claimcheck {

namespace {

std::string collapse_space(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string longest_found_prefix(const std::string& quote, const std::string& source) {
  std::size_t lo = 0, hi = quote.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi + 1) / 2;
    if (source.find(quote.substr(0, mid)) != std::string::npos) lo = mid;
    else hi = mid - 1;
  }
  return quote.substr(0, lo);
}

}  // namespace

std::optional<std::string> read_source_text(const std::string& naming_file, const std::string& source,
                                            const SourceLoc& loc, Diagnostics& diags) {
  auto source_path = std::filesystem::path(naming_file).parent_path() / source;
  std::ifstream in(source_path, std::ios::binary);
  if (!in) {
    diags.error(loc, fmt::format("cannot read the source text '{}'", source_path.string()));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return collapse_space(buffer.str());
}

std::optional<std::string> place_quote(const std::string& source_text, const std::string& source_name, RawClaim& claim) {
  std::string wanted = collapse_space(claim.quote);
  std::size_t at = source_text.find(wanted);
  if (at == std::string::npos) {
    std::string prefix = longest_found_prefix(wanted, source_text);
    if (prefix.size() < 8) return fmt::format("quote not found in the source text '{}'", source_name);
    return fmt::format("quote not found in the source text '{}'; it matches up to \"{}\"", source_name, prefix);
  }
  // About 200 bytes either side, cut at a space so no word (or UTF-8 sequence) is split.
  std::size_t from = at > 200 ? source_text.find(' ', at - 200) : 0;
  if (from == std::string::npos || from > at) from = at;
  std::size_t end = at + wanted.size();
  std::size_t limit = std::min(end + 200, source_text.size());
  std::size_t to = limit == source_text.size() ? limit : source_text.rfind(' ', limit);
  if (to == std::string::npos || to < end) to = end;
  if (from < at || end < to) {
    ClaimExtras& extras = claim.extras.set();
    extras.context_before = source_text.substr(from, at - from);
    extras.context_after = source_text.substr(end, to - end);
  }
  return std::nullopt;
}

bool fill_period_proxy(const std::vector<std::string>& texts, const std::vector<SourceLoc>& locs,
                       const SourceLoc& list_loc, PeriodProxy& proxy, Diagnostics& diags) {
  if (texts.size() != 2) {
    diags.error(list_loc, fmt::format("expected exactly two periods to compare, got {}", texts.size()));
    return false;
  }
  std::optional<Period> periods[2];
  for (int k = 0; k < 2; ++k) {
    std::string error;
    periods[k] = parse_iso_period(texts[k], error);
    if (!periods[k]) diags.error(locs[k], error);
  }
  if (!periods[0] || !periods[1]) return false;
  if (*periods[0] == *periods[1]) {
    diags.error(list_loc, fmt::format("the two periods are the same ({})", label(*periods[0])));
    return false;
  }
  proxy.first = *periods[0];
  proxy.second = *periods[1];
  return true;
}

std::string unknown_modality_message(const std::string& word) {
  const std::vector<std::string> names{"asserts", "estimates", "no_evidence", "speculation"};
  return fmt::format("unknown modality '{}'{}; expected asserts, estimates, no_evidence or speculation", word,
                     did_you_mean(word, names));
}

std::string unknown_tense_message(const std::string& word) {
  return fmt::format("unknown tense '{}'; expected past, present or future", word);
}

}  // namespace claimcheck
