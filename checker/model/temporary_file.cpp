#include "model/temporary_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace claimcheck {

std::variant<int, std::string> open_unlinked_temporary(const std::string& dir, const std::string& prefix) {
  std::string temp = (std::filesystem::path(dir) / (prefix + "XXXXXX")).string();
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return "cannot create a temporary file in " + dir + ": " + std::strerror(errno);
  ::unlink(name.data());
  return fd;
}

}  // namespace claimcheck
