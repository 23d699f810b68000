# Unit test of mockxr's app-pacing estimator (runtime/mockxr/core/pacing.c) on synthetic frame timings.
add_executable(pacing_test "${CMAKE_CURRENT_LIST_DIR}/pacing_test.c" "${PROJECT_SOURCE_DIR}/runtime/mockxr/core/pacing.c")
target_include_directories(pacing_test PRIVATE "${PROJECT_SOURCE_DIR}/runtime/mockxr/core")
add_test(NAME unit_pacing COMMAND pacing_test)
set_tests_properties(unit_pacing PROPERTIES LABELS unit TIMEOUT 30)
