//===- Status.h - Error values of the dlc runtime ------------------------===//
//
// Every fallible runtime call returns a Status (or a Result<T>) that carries a
// one-line message for the user. The runtime links neither LLVM nor MLIR, so
// this is its own small type rather than llvm::Error.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_STATUS_H
#define DLC_RUNTIME_STATUS_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace dlc {

class [[nodiscard]] Status {
public:
  static Status ok() { return Status(); }
  static Status error(std::string message) {
    Status status;
    status.message_ = std::move(message);
    status.failed_ = true;
    return status;
  }

  bool isOk() const { return !failed_; }
  explicit operator bool() const { return isOk(); }
  const std::string &message() const { return message_; }

  /// Returns this error with `context` prepended ("context: message").
  Status withContext(const std::string &context) const {
    return isOk() ? *this : error(context + ": " + message_);
  }

private:
  bool failed_ = false;
  std::string message_;
};

/// A value or the Status explaining why there is none.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(Status status) : status_(std::move(status)) {
    assert(!status_.isOk() && "a Result built from a Status must be an error");
  }

  bool isOk() const { return value_.has_value(); }
  explicit operator bool() const { return isOk(); }
  const Status &status() const { return status_; }

  T &value() & {
    assert(isOk());
    return *value_;
  }
  T &&value() && {
    assert(isOk());
    return std::move(*value_);
  }
  T *operator->() { return &value(); }
  T &operator*() & { return value(); }

private:
  std::optional<T> value_;
  Status status_;
};

} // namespace dlc

/// Propagates an error Status from the enclosing function.
#define DLC_RETURN_IF_ERROR(expr)                                              \
  do {                                                                         \
    ::dlc::Status dlcStatus_ = (expr);                                         \
    if (!dlcStatus_.isOk())                                                    \
      return dlcStatus_;                                                       \
  } while (false)

#endif // DLC_RUNTIME_STATUS_H
