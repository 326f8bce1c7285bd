//===- LruCache.h - The compilations a session keeps ------------*- C++ -*-===//
//
// A session compiles its model again for each new set of input shapes and
// keeps the result; a program that meets ever new shapes would keep them
// all. This map holds at most `capacity` entries and drops the least
// recently used to make room.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_API_LRUCACHE_H
#define DLC_API_LRUCACHE_H

#include <cstddef>
#include <list>
#include <map>
#include <string>
#include <utility>

namespace dlc {

/// How many compilations a session keeps unless told otherwise.
inline constexpr size_t kDefaultCompilationCacheCapacity = 16;

template <typename Value> class LruCache {
public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}

  /// The value of `key`, now the most recently used, or null.
  Value *find(const std::string &key) {
    auto found = index_.find(key);
    if (found == index_.end())
      return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    return &found->second->second;
  }

  /// Adds `value` as the value of `key` (which has none), the most recently
  /// used; drops the least recently used entries beyond the capacity, so a
  /// pointer find() returned for another key may dangle afterwards.
  Value &insert(const std::string &key, Value value) {
    entries_.emplace_front(key, std::move(value));
    index_[key] = entries_.begin();
    evict();
    return entries_.front().second;
  }

  /// At least 1; entries beyond it are dropped now.
  void setCapacity(size_t capacity) {
    capacity_ = capacity < 1 ? 1 : capacity;
    evict();
  }
  size_t capacity() const { return capacity_; }
  size_t size() const { return entries_.size(); }

private:
  void evict() {
    while (entries_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
  }

  using Entries = std::list<std::pair<std::string, Value>>;
  size_t capacity_;
  /// Most recently used first.
  Entries entries_;
  std::map<std::string, typename Entries::iterator> index_;
};

} // namespace dlc

#endif // DLC_API_LRUCACHE_H
