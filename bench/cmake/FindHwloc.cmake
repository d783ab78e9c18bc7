# Finds hwloc (Debian: libhwloc-dev) through pkg-config; defines Hwloc::hwloc.
find_package(PkgConfig REQUIRED)
pkg_check_modules(HWLOC QUIET IMPORTED_TARGET hwloc)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Hwloc REQUIRED_VARS HWLOC_LIBRARIES VERSION_VAR HWLOC_VERSION)
if(Hwloc_FOUND AND NOT TARGET Hwloc::hwloc)
  add_library(Hwloc::hwloc ALIAS PkgConfig::HWLOC)
endif()
