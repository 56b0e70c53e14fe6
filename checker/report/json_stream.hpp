#pragma once
// The JSON report of a run too large to hold, written batch by batch.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// The JSON report of a run solved in batches of whole components (check --stream): byte for
// byte what json_report gives for the whole run, holding one batch at a time. Sections wait in
// temporary files beside the report until finish().
class JsonReportStream {
 public:
  // documents: every document of the run, sorted by id (as CheckResult::documents). `vocab` is
  // used until finish().
  JsonReportStream(std::string path, const Vocabulary& vocab, const std::vector<Document>& documents);
  ~JsonReportStream();  // removes the temporary files
  JsonReportStream(const JsonReportStream&) = delete;
  JsonReportStream& operator=(const JsonReportStream&) = delete;

  // One batch; batches come in component order. Its component k (0-based, batch-local id k+1)
  // is the run's component first_component + k (first_component is 1-based). global_claim[c]
  // is the run-wide index of batch claim c (increasing in c). Returns why it failed (e.g. disk
  // full) or nullopt; a failure sticks, and finish() returns it too.
  std::optional<std::string> add(const CheckResult& batch, int first_component,
                                 const std::vector<std::size_t>& global_claim);
  // Writes the report at `path` atomically (temporary file, then rename); nullopt or why not.
  std::optional<std::string> finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace claimcheck
