// MappedRegion: owns one mmap (and optionally the fd behind it); unmaps on destruction.
#include "memattr/mapped_region.h"

#include <sys/mman.h>
#include <unistd.h>

#include <utility>

namespace memattr {

MappedRegion::MappedRegion(RegionSpec spec, MemoryAttribute requested, void* base,
                           std::size_t length, std::size_t usable_offset, std::size_t usable_length,
                           int fd, std::string how)
    : spec_(std::move(spec)),
      requested_(requested),
      base_(base),
      length_(length),
      usable_offset_(usable_offset),
      usable_length_(usable_length),
      fd_(fd),
      how_(std::move(how)) {}

MappedRegion::MappedRegion(MappedRegion&& other) noexcept
    : spec_(std::move(other.spec_)),
      requested_(other.requested_),
      base_(std::exchange(other.base_, nullptr)),
      length_(std::exchange(other.length_, 0)),
      usable_offset_(std::exchange(other.usable_offset_, 0)),
      usable_length_(std::exchange(other.usable_length_, 0)),
      fd_(std::exchange(other.fd_, -1)),
      how_(std::move(other.how_)) {}

MappedRegion& MappedRegion::operator=(MappedRegion&& other) noexcept {
  if (this == &other) return *this;
  Release();
  spec_ = std::move(other.spec_);
  requested_ = other.requested_;
  base_ = std::exchange(other.base_, nullptr);
  length_ = std::exchange(other.length_, 0);
  usable_offset_ = std::exchange(other.usable_offset_, 0);
  usable_length_ = std::exchange(other.usable_length_, 0);
  fd_ = std::exchange(other.fd_, -1);
  how_ = std::move(other.how_);
  return *this;
}

MappedRegion::~MappedRegion() { Release(); }

std::span<std::byte> MappedRegion::bytes() const {
  if (!base_) return {};
  return {static_cast<std::byte*>(base_) + usable_offset_, usable_length_};
}

void MappedRegion::Release() {
  if (base_) ::munmap(base_, length_);
  if (fd_ >= 0) ::close(fd_);
  base_ = nullptr;
  fd_ = -1;
}

}  // namespace memattr
