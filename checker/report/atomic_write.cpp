#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
// Pieces copied from another file below this size go through the buffer, larger ones are copied
// file to file.
constexpr std::uint64_t kSmallCopy = 1 << 16;
// Copied stretches are handed to the disk this large (see copy_from).
constexpr std::uint64_t kWritebackBytes = std::uint64_t{16} << 20;

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

// Reads exactly `size` bytes at `from`: errno's text, or "it is shorter than written", or
// nullopt.
std::optional<std::string> pread_all(int fd, char* into, std::size_t size, off_t from) {
  while (size > 0) {
    ssize_t n = ::pread(fd, into, size, from);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::string(std::strerror(errno));
    }
    if (n == 0) return std::string("it is shorter than written");
    into += n;
    from += n;
    size -= static_cast<std::size_t>(n);
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

std::optional<std::string> AtomicFileWriter::copy_from(int fd, std::uint64_t offset, std::uint64_t length,
                                                       const std::string& source) {
  if (error_) return error_;
  auto from = static_cast<off_t>(offset);
  // A small piece is read into the buffer: a system call, not two.
  if (length < kSmallCopy && buffer_.size() + length < kBufferBytes) {
    std::size_t at = buffer_.size();
    buffer_.resize(at + static_cast<std::size_t>(length));
    if (auto reason = pread_all(fd, buffer_.data() + at, static_cast<std::size_t>(length), from)) {
      buffer_.resize(at);
      return error_ = "cannot read " + source + ": " + *reason;
    }
    return std::nullopt;
  }
  if (flush()) return error_;
  bool kernel_copy = true;  // until the kernel says it cannot copy between these files
  std::string chunk;
  // The disk is set to writing each stretch as soon as it is copied (a hint, so its result is
  // not checked): the fsync in commit() then waits only for the last stretches. A million
  // claims' report (378 MB) waited 0.26 s there.
  std::uint64_t since_writeback = 0;
  auto copied = [&](std::uint64_t n) {
    length -= n;
    since_writeback += n;
    if (since_writeback >= kWritebackBytes || length == 0) {
      ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
      since_writeback = 0;
    }
  };
  while (length > 0) {
    if (kernel_copy) {
      ssize_t n = ::copy_file_range(fd, &from, fd_, nullptr, std::min(length, kWritebackBytes), 0);
      if (n > 0) {
        copied(static_cast<std::uint64_t>(n));
        continue;
      }
      if (n == 0) return error_ = "cannot read " + source + ": it is shorter than written";
      if (errno == EINTR) continue;
      if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP && errno != EBADF)
        return error_ = "cannot write " + path_ + ": " + std::strerror(errno);
      kernel_copy = false;
    }
    chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(length, kBufferBytes)));
    if (auto reason = pread_all(fd, chunk.data(), chunk.size(), from)) return error_ = "cannot read " + source + ": " + *reason;
    if (auto reason = write_all(fd_, chunk.data(), chunk.size())) return error_ = "cannot write " + path_ + ": " + *reason;
    from += static_cast<off_t>(chunk.size());
    copied(chunk.size());
  }
  return std::nullopt;
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
