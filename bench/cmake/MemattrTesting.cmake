# memattr_add_test(NAME LABEL <label> [SERIAL] SOURCES <files...> LIBS <targets...>)
# One GoogleTest executable; every case becomes a ctest test carrying the component label.
# Under a cross build, CMAKE_CROSSCOMPILING_EMULATOR (qemu-aarch64-static) runs it.
function(memattr_add_test name)
  if(NOT MEMATTR_BUILD_TESTS)
    return()
  endif()
  # SERIAL: each test runs alone (ctest RUN_SERIAL), for emulated machines that time their boots.
  cmake_parse_arguments(T "SERIAL" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gmock GTest::gtest_main)
  set(_serial "")
  if(T_SERIAL)
    set(_serial RUN_SERIAL TRUE)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${T_LABEL}" ${_serial} DISCOVERY_TIMEOUT 120
                       DISCOVERY_MODE PRE_TEST)
endfunction()
