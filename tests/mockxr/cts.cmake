# mockxr held to the rules of the Khronos conformance suite (OpenXR-CTS), written as our own checks
# (/work/notes/cts_checklist.md maps each rule to a check). Same shape as core.cmake: through the real
# loader, headless sessions, once as is and once with the validation layers on the clean subset (--clean).
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
set(MOCKXR_CTS_TEST_ENV ${FXR_TEST_ENV} "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")
foreach(name IN ITEMS cts_core cts_session cts_actions)
  if(NOT EXISTS "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
    continue()
  endif()
  add_executable(test_mockxr_${name} "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
  target_include_directories(test_mockxr_${name} PRIVATE "${CMAKE_CURRENT_LIST_DIR}")
  target_link_libraries(test_mockxr_${name} PRIVATE OpenXR::openxr_loader OpenXR::headers Threads::Threads m)
  add_dependencies(test_mockxr_${name} mockxr)
  add_test(NAME mockxr_${name} COMMAND test_mockxr_${name} WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties(mockxr_${name} PROPERTIES LABELS mockxr TIMEOUT 60 ENVIRONMENT "${MOCKXR_CTS_TEST_ENV}")
  if(name STREQUAL "cts_actions")
    continue() # provokes errors on purpose throughout: nothing to run under the validation layer
  endif()
  add_test(NAME mockxr_${name}_validation COMMAND test_mockxr_${name} --clean
           WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
  set_tests_properties(mockxr_${name}_validation PROPERTIES LABELS mockxr TIMEOUT 60
                       ENVIRONMENT "${MOCKXR_CTS_TEST_ENV};${FXR_VALIDATION_ENV}"
                       FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
endforeach()

# Swapchains need the app's Vulkan device (lavapipe); the rules provoke errors throughout, so there is no
# run under the validation layers (vk_swapchain covers the clean path there).
add_executable(test_mockxr_cts_swapchain "${CMAKE_CURRENT_LIST_DIR}/cts_swapchain.c")
target_link_libraries(test_mockxr_cts_swapchain PRIVATE OpenXR::openxr_loader OpenXR::headers Vulkan::Vulkan
                      Threads::Threads m)
add_dependencies(test_mockxr_cts_swapchain mockxr)
add_test(NAME mockxr_cts_swapchain COMMAND test_mockxr_cts_swapchain WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_cts_swapchain PROPERTIES LABELS mockxr TIMEOUT 120
                     ENVIRONMENT "${MOCKXR_CTS_TEST_ENV};MOCKXR_CLOCK=virtual")
