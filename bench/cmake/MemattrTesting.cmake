# memattr_add_test(NAME LABEL <labels> [TIMEOUT <seconds>] [FIXTURES <fixtures...>]
#                  [RESOURCE_LOCK <resources...>] [SERIAL] SOURCES <files...> LIBS <targets...>)
# One GoogleTest executable; every case becomes a ctest test carrying the component label and a
# TIMEOUT (per case): TIMEOUT when given, else MEMATTR_UNIT_TEST_TIMEOUT.
# FIXTURES: ctest fixtures the cases need (FIXTURES_REQUIRED), e.g. memattr_test_guest_image:
# built once per ctest run by its setup test and shared (see host-runner/src/image/CMakeLists.txt).
# RESOURCE_LOCK: what the cases must not share with another test at the same time (instead of
# RUN_SERIAL, which stops every other test too; SERIAL asks for that, for a case that truly
# cannot share the machine).
# Under a cross build, CMAKE_CROSSCOMPILING_EMULATOR (qemu-aarch64-static) runs it.
#
# The unit-test default, from measured times: the slowest native unit-test case took 15.1 s
# (KernelInstructionsTest.every_kernel_contains_its_named_instructions, objdump over the library,
# `ctest -L bench -j 2` on the 2-core machine at load average 28); 60 s = 4x that. Under
# qemu-user (cross build) code runs about 5x slower: 300 s.
if(CMAKE_CROSSCOMPILING)
  set(MEMATTR_UNIT_TEST_TIMEOUT 300)
else()
  set(MEMATTR_UNIT_TEST_TIMEOUT 60)
endif()
function(memattr_add_test name)
  if(NOT MEMATTR_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "SERIAL" "LABEL;TIMEOUT" "SOURCES;LIBS;FIXTURES;RESOURCE_LOCK" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gmock GTest::gtest_main)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT ${MEMATTR_UNIT_TEST_TIMEOUT})
  endif()
  # gtest_discover_tests passes each property value through a generated script: a list must be
  # one argument with its separators escaped.
  set(_extra "")
  if(T_FIXTURES)
    string(REPLACE ";" "\\;" _fixtures "${T_FIXTURES}")
    list(APPEND _extra FIXTURES_REQUIRED "${_fixtures}")
  endif()
  if(T_RESOURCE_LOCK)
    string(REPLACE ";" "\\;" _locks "${T_RESOURCE_LOCK}")
    list(APPEND _extra RESOURCE_LOCK "${_locks}")
  endif()
  if(T_SERIAL)
    list(APPEND _extra RUN_SERIAL TRUE)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${T_LABEL}" TIMEOUT ${T_TIMEOUT} ${_extra}
                       DISCOVERY_TIMEOUT 120 DISCOVERY_MODE PRE_TEST)
endfunction()

# memattr_test_properties(<tests...> LABELS <labels> TIMEOUT <seconds> [FIXTURES <fixtures...>]
#                         [RESOURCE_LOCK <resources...>])
# The same conventions for tests registered with add_test: a label and a TIMEOUT are required.
function(memattr_test_properties)
  cmake_parse_arguments(T "" "TIMEOUT" "LABELS;FIXTURES;RESOURCE_LOCK" ${ARGN})
  if(NOT T_LABELS OR NOT T_TIMEOUT)
    message(FATAL_ERROR "memattr_test_properties(${T_UNPARSED_ARGUMENTS}): LABELS and TIMEOUT are required")
  endif()
  set_tests_properties(${T_UNPARSED_ARGUMENTS} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT})
  if(T_FIXTURES)
    set_tests_properties(${T_UNPARSED_ARGUMENTS} PROPERTIES FIXTURES_REQUIRED "${T_FIXTURES}")
  endif()
  if(T_RESOURCE_LOCK)
    set_tests_properties(${T_UNPARSED_ARGUMENTS} PROPERTIES RESOURCE_LOCK "${T_RESOURCE_LOCK}")
  endif()
endfunction()
