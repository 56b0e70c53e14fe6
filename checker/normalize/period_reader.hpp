#pragma once
// normalize/: periods in fact arguments (2006, 2004..2017, since 2004, last year) and dates after
// 'on' (March 19, 1999; mid-February 2004; January), read against the document's publication.
// Errors go through the cursor, at the offending token.
#include <string>
#include <vector>

#include "model/claim.hpp"
#include "model/period.hpp"
#include "text/token_cursor.hpp"

namespace claimcheck {

// Argument `index` (0-based) of `name`, as a period. A span starting with 'since' ends on the
// publication date.
Period read_period_argument(TokenCursor& in, const std::vector<const Token*>& arg, const std::string& name,
                            std::size_t index, const Date& published);

// The date after 'on', at the cursor. A bare month is the latest one not after publication for
// the past tense, the next one for the future.
Period read_when(TokenCursor& in, const Date& published, Tense tense);

}  // namespace claimcheck
