# mockxr core conformance tests: each drives libmockxr.so through the real OpenXR loader (headless
# sessions via XR_MND_headless, no Vulkan needed). Every test runs twice: as is, and with the OpenXR core
# validation layer (+ Vulkan validation) where only its clean path runs (--clean): the tests that
# provoke errors on purpose cannot run under that layer, which intercepts them before mockxr sees them.
set(MOCKXR_CORE_TEST_ENV ${FXR_TEST_ENV} "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")
# The --clean run gets its own directory: both runs write files of the same names (scripts, reports) and
# ctest -j may run them at once.
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
set(MOCKXR_CORE_TESTS core_loading core_instance core_session core_frame core_spaces core_config core_script core_report)
foreach(name IN LISTS MOCKXR_CORE_TESTS)
  if(NOT EXISTS "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
    continue()
  endif()
  add_executable(test_mockxr_${name} "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
  target_include_directories(test_mockxr_${name} PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
  target_link_libraries(test_mockxr_${name} PRIVATE OpenXR::openxr_loader OpenXR::headers cjson Threads::Threads m)
  add_dependencies(test_mockxr_${name} mockxr)
  add_test(NAME mockxr_${name} COMMAND test_mockxr_${name}
           WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties(mockxr_${name} PROPERTIES LABELS mockxr TIMEOUT 60 ENVIRONMENT "${MOCKXR_CORE_TEST_ENV}")
  add_test(NAME mockxr_${name}_validation COMMAND test_mockxr_${name} --clean
           WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
  set_tests_properties(mockxr_${name}_validation PROPERTIES LABELS mockxr TIMEOUT 60
                       ENVIRONMENT "${MOCKXR_CORE_TEST_ENV};${FXR_VALIDATION_ENV}"
                       FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
endforeach()
# core_frame's pipelined frame loop and concurrent locators also run under ThreadSanitizer (tsan preset).
set_tests_properties(mockxr_core_frame PROPERTIES LABELS "mockxr;tsan")
target_compile_definitions(test_mockxr_core_loading PRIVATE "MOCKXR_LIBRARY=\"$<TARGET_FILE:mockxr>\"")
target_include_directories(test_mockxr_core_loading PRIVATE "${CMAKE_SOURCE_DIR}/include")
target_link_libraries(test_mockxr_core_loading PRIVATE ${CMAKE_DL_LIBS})

# openxr_runtime_list is not built with the sanitizers, so it cannot load a sanitized libmockxr.so.
if(FXR_SANITIZE)
  return()
endif()
# The Khronos tool lists mockxr through the build-tree manifest ...
add_test(NAME mockxr_core_runtime_list COMMAND openxr_runtime_list)
set_tests_properties(mockxr_core_runtime_list PROPERTIES LABELS mockxr TIMEOUT 30
                     ENVIRONMENT "${MOCKXR_CORE_TEST_ENV}"
                     PASS_REGULAR_EXPRESSION "mockxr headless HMD.*XR_MND_headless")
# ... and through the installed one (its library_path must resolve relative to the installed manifest).
add_test(NAME mockxr_core_install
         COMMAND sh -c "rm -rf \"$1\" && \"$2\" --install \"$3\" --component mockxr --prefix \"$1\" >/dev/null && XR_RUNTIME_JSON=\"$1/$4/openxr/1/mockxr.json\" openxr_runtime_list"
                 sh "${CMAKE_CURRENT_BINARY_DIR}/mockxr-install" "${CMAKE_COMMAND}" "${CMAKE_BINARY_DIR}" "${CMAKE_INSTALL_DATADIR}")
set_tests_properties(mockxr_core_install PROPERTIES LABELS mockxr TIMEOUT 60
                     ENVIRONMENT "${MOCKXR_CORE_TEST_ENV}"
                     PASS_REGULAR_EXPRESSION "mockxr headless HMD.*XR_MND_headless")
