#pragma once
// A value most owners leave empty, kept on the heap only once written: a million owners without
// it pay one pointer each instead of the whole value. Copies copy the value.
#include <memory>

namespace claimcheck {

template <class T>
class OutOfLine {
 public:
  OutOfLine() = default;
  OutOfLine(const OutOfLine& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  OutOfLine(OutOfLine&&) noexcept = default;
  OutOfLine& operator=(const OutOfLine& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  OutOfLine& operator=(OutOfLine&&) noexcept = default;
  ~OutOfLine() = default;

  // The value, or a default-made T when it was never written.
  const T& get() const {
    static const T nothing{};
    return value_ ? *value_ : nothing;
  }
  // The value to write, made on first use.
  T& set() {
    if (!value_) value_ = std::make_unique<T>();
    return *value_;
  }
  explicit operator bool() const { return value_ != nullptr; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace claimcheck
