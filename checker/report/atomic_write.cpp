#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "report/report.hpp"

namespace claimcheck {

namespace {

// Pieces are gathered up to this size, so that a report written item by item is not a system
// call per item.
constexpr std::size_t kBufferBytes = 1 << 20;

// errno's text, or nullopt when everything was written.
std::optional<std::string> write_all(int fd, const char* data, std::size_t size) {
  std::size_t written = 0;
  while (written < size) {
    ssize_t n = ::write(fd, data + written, size - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::string(std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  return std::nullopt;
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)) {
  namespace fs = std::filesystem;
  fs::path target(path_);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string temp = (dir / fmt::format(".{}.tmp-XXXXXX", target.filename().string())).string();
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0) {
    error_ = "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
    return;
  }
  temp_ = name.data();
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

std::optional<std::string> AtomicFileWriter::flush() {
  if (error_ || buffer_.empty()) return error_;
  if (auto reason = write_all(fd_, buffer_.data(), buffer_.size())) error_ = "cannot write " + path_ + ": " + *reason;
  buffer_.clear();
  return error_;
}

std::optional<std::string> AtomicFileWriter::write(std::string_view piece) {
  if (error_) return error_;
  if (buffer_.size() + piece.size() < kBufferBytes) {
    buffer_.append(piece);
    return std::nullopt;
  }
  if (flush()) return error_;
  if (piece.size() < kBufferBytes) {
    buffer_.append(piece);
    return std::nullopt;
  }
  // A large piece (a whole report) goes straight to the file rather than through a copy.
  if (auto reason = write_all(fd_, piece.data(), piece.size())) error_ = "cannot write " + path_ + ": " + *reason;
  return error_;
}

std::optional<std::string> AtomicFileWriter::commit() {
  if (flush()) return error_;
  int fd = fd_;
  fd_ = -1;
  int failed = ::fsync(fd) != 0 ? errno : 0;
  if (::close(fd) != 0 && failed == 0) failed = errno;
  if (failed != 0) return error_ = "cannot write " + path_ + ": " + std::strerror(failed);
  ::chmod(temp_.c_str(), 0644);
  if (std::rename(temp_.c_str(), path_.c_str()) != 0)
    return error_ = "cannot replace " + path_ + ": " + std::strerror(errno);
  temp_.clear();  // it is `path` now
  return std::nullopt;
}

std::optional<std::string> write_atomically(const std::string& path, const std::string& content) {
  AtomicFileWriter out(path);
  if (auto error = out.write(content)) return error;
  return out.commit();
}

}  // namespace claimcheck
