#pragma once
// check --stream's normalized claims, kept on disk between its two passes: the first pass writes
// each claim as it normalizes it, and the second reads a batch's claims back instead of parsing
// and normalizing their lines again. The run therefore checks the corpus as the first pass read
// it, whatever happens to the files afterwards.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/byte_codec.hpp"
#include "model/claim.hpp"

namespace claimcheck {

// Every field of a claim; ByteReader's errors when the bytes do not hold one.
void encode_claim(const Claim& claim, ByteWriter& out);
class ClaimDecoder {
 public:
  Claim decode(ByteReader& in);

 private:
  std::vector<std::pair<std::string, FileName>> files_;  // names seen, each interned once
};

// Where a claim's bytes are in the spool.
struct SpooledClaim {
  std::uint64_t offset = 0;
  std::uint32_t length = 0;
};

// An unlinked temporary file: nothing is left behind however the run ends. Appends come from
// one thread; once sealed, reads may come from several at once.
class ClaimSpool {
 public:
  ClaimSpool() = default;
  ClaimSpool(const ClaimSpool&) = delete;
  ClaimSpool& operator=(const ClaimSpool&) = delete;
  ~ClaimSpool();
  // In `dir`; the error says why it could not be made.
  std::optional<std::string> open(const std::string& dir);
  // Where the bytes start in the file; nullopt once a write failed (error() says why).
  std::optional<std::uint64_t> append(std::string_view bytes);
  // Writes what append() holds back; false once a write failed.
  bool seal();
  const std::optional<std::string>& error() const { return error_; }
  // Each claim's bytes, views into `buffer`, in the order asked; or why they could not be read.
  // Claims near each other in the file share a read.
  std::optional<std::string> read(const std::vector<SpooledClaim>& claims, std::string& buffer,
                                  std::vector<std::string_view>& views) const;

 private:
  int fd_ = -1;
  std::string dir_;
  std::uint64_t size_ = 0;  // written and held back
  std::string held_;        // appended, not yet written
  std::optional<std::string> error_;
};

}  // namespace claimcheck
