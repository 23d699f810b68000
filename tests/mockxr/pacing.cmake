# mockxr's app pacing through the real loader (headless sessions, realtime clock; lenient bounds), as is
# and under the OpenXR core validation layer like the other core tests (core.cmake).
add_executable(test_mockxr_core_pacing "${CMAKE_CURRENT_LIST_DIR}/core_pacing.c")
target_include_directories(test_mockxr_core_pacing PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
target_link_libraries(test_mockxr_core_pacing PRIVATE OpenXR::openxr_loader OpenXR::headers cjson Threads::Threads m)
add_dependencies(test_mockxr_core_pacing mockxr)
add_test(NAME mockxr_core_pacing COMMAND test_mockxr_core_pacing WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_core_pacing PROPERTIES LABELS mockxr TIMEOUT 60
                     ENVIRONMENT "${FXR_TEST_ENV};LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")
add_test(NAME mockxr_core_pacing_validation COMMAND test_mockxr_core_pacing --clean
         WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
set_tests_properties(mockxr_core_pacing_validation PROPERTIES LABELS mockxr TIMEOUT 60
                     ENVIRONMENT "${FXR_TEST_ENV};LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp;${FXR_VALIDATION_ENV}"
                     FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
