# memattr_arm64_sysroot(OUT_VAR PKG...): extracts the arm64 packages PKG... (and their lib*
# dependencies) into ${CMAKE_BINARY_DIR}/arm64-sysroot with tools/arm64_sysroot.sh, through the
# image builder's download cache (MEMATTR_IMAGE_CACHE, else ~/.cache/memattr/image); sets
# OUT_VAR to the sysroot. Runs at configure time; needs `dpkg --add-architecture arm64` and apt
# lists (host-runner/tools/setup.sh).
function(memattr_arm64_sysroot out_var)
  set(sysroot ${CMAKE_BINARY_DIR}/arm64-sysroot)
  if(DEFINED ENV{MEMATTR_IMAGE_CACHE} AND NOT "$ENV{MEMATTR_IMAGE_CACHE}" STREQUAL "")
    set(cache $ENV{MEMATTR_IMAGE_CACHE})
  elseif(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(cache $ENV{XDG_CACHE_HOME}/memattr/image)
  else()
    set(cache $ENV{HOME}/.cache/memattr/image)
  endif()
  execute_process(
    COMMAND bash ${PROJECT_SOURCE_DIR}/host-runner/tools/arm64_sysroot.sh --cache ${cache}
            --output ${sysroot} ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "memattr: arm64 sysroot for ${ARGN} failed (${rc}): ${err}")
  endif()
  message(STATUS "memattr: arm64 ${ARGN} from ${sysroot}")
  set(${out_var} ${sysroot} PARENT_SCOPE)
endfunction()
