# Unit tests of fxr-timing's statistics and record parsing (tests/bench/timing.c), on synthetic records.
add_executable(timing_test "${CMAKE_CURRENT_LIST_DIR}/timing_test.c" "${PROJECT_SOURCE_DIR}/tests/bench/timing.c")
target_include_directories(timing_test PRIVATE "${PROJECT_SOURCE_DIR}/tests/bench")
target_link_libraries(timing_test PRIVATE cjson m)
add_test(NAME unit_timing COMMAND timing_test)
set_tests_properties(unit_timing PROPERTIES LABELS unit TIMEOUT 30)

# fxr-timing end to end on a 4-frame fixture (warm-up 1): every column of its one-row form, worked out
# by hand — CPU 4 ms, phases 1/1/2 ms, pose ages 18,18,17 -> p50 18, intervals 10,11 ms -> jitter p99 1.
set(fxr_timing_row "| fixture | 3 | 0 | 0 | 4.000 | 4.000 | 1.000 | 1.000 | 2.000 | n/a | n/a | n/a | 18.000 | 18.000 | 1.000 | n/a | n/a | n/a |")
string(REGEX REPLACE "([|.])" "\\\\\\1" fxr_timing_row_regex "${fxr_timing_row}")
add_test(NAME unit_timing_tool_row
         COMMAND fxr-timing --warmup 1 --row fixture "${CMAKE_CURRENT_LIST_DIR}/timing_fixture.jsonl")
set_tests_properties(unit_timing_tool_row PROPERTIES LABELS unit TIMEOUT 30
                     PASS_REGULAR_EXPRESSION "^${fxr_timing_row_regex}\n$")
add_test(NAME unit_timing_tool_bad_file COMMAND fxr-timing "${CMAKE_CURRENT_LIST_DIR}/timing_test.c")
set_tests_properties(unit_timing_tool_bad_file PROPERTIES LABELS unit TIMEOUT 30 WILL_FAIL TRUE)
find_program(FXR_GNUPLOT gnuplot)
if(FXR_GNUPLOT)
  add_test(NAME unit_timing_tool_plot
           COMMAND fxr-timing --warmup 0 --plot "${CMAKE_CURRENT_BINARY_DIR}/timing_fixture.svg"
                   "${CMAKE_CURRENT_LIST_DIR}/timing_fixture.jsonl")
  set_tests_properties(unit_timing_tool_plot PROPERTIES LABELS unit TIMEOUT 30)
endif()

add_executable(unit_xr_locomotion ${CMAKE_CURRENT_LIST_DIR}/xr_locomotion.c ${PROJECT_SOURCE_DIR}/runtime/xr/locomotion.c)
target_include_directories(unit_xr_locomotion PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/runtime/xr)
target_link_libraries(unit_xr_locomotion PRIVATE scene m)
add_test(NAME unit_xr_locomotion COMMAND unit_xr_locomotion)
set_tests_properties(unit_xr_locomotion PROPERTIES LABELS unit TIMEOUT 30)
