# mockxr's extensions (runtime/mockxr/ext/, input/hands.c, ...) through the real OpenXR loader on headless
# sessions, one test per extension. Types newer than Debian's OpenXR 1.0.20 headers come from
# include/mockxr/mockxr_ext.h. Each runs as is and, where the 1.0.20 core validation layer knows the
# extension, once more under the validation layers on its clean path (--clean).
set(MOCKXR_EXT_TEST_ENV ${FXR_TEST_ENV} "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
# name, then 1 when it also runs under the validation layers on its clean path. Not: ext_debug_utils (Debian's
# core validation layer 1.0.20 deadlocks in its own xrSessionInsertDebugUtilsLabelEXT: it takes a mutex it
# already holds); ext_spaces, ext_headset (XR_EXT_local_floor, XR_KHR_locate_spaces, XR_EXT_user_presence
# postdate that layer, which refuses their enums and structures); ext_script (no session).
set(MOCKXR_EXT_TESTS ext_debug_utils 0 ext_hand_tracking 1 ext_eye_gaze 1 ext_spaces 0 ext_headset 0
    ext_visibility_mask 1 ext_dpad 1 ext_script 0 ext_controller_model 1)
list(LENGTH MOCKXR_EXT_TESTS n)
math(EXPR last "${n} - 1")
foreach(k RANGE 0 ${last} 2)
  list(GET MOCKXR_EXT_TESTS ${k} name)
  math(EXPR kv "${k} + 1")
  list(GET MOCKXR_EXT_TESTS ${kv} with_validation)
  add_executable(test_mockxr_${name} "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
  target_include_directories(test_mockxr_${name} PRIVATE "${CMAKE_CURRENT_LIST_DIR}" "${CMAKE_SOURCE_DIR}/include")
  target_link_libraries(test_mockxr_${name} PRIVATE OpenXR::openxr_loader OpenXR::headers cjson Threads::Threads m)
  add_dependencies(test_mockxr_${name} mockxr)
  add_test(NAME mockxr_${name} COMMAND test_mockxr_${name} WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties(mockxr_${name} PROPERTIES LABELS mockxr TIMEOUT 60 ENVIRONMENT "${MOCKXR_EXT_TEST_ENV}")
  if(with_validation)
    add_test(NAME mockxr_${name}_validation COMMAND test_mockxr_${name} --clean
             WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/mockxr_clean")
    set_tests_properties(mockxr_${name}_validation PROPERTIES LABELS mockxr TIMEOUT 60
                         ENVIRONMENT "${MOCKXR_EXT_TEST_ENV};${FXR_VALIDATION_ENV}"
                         FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
  endif()
endforeach()
# ext_debug_utils also loads libmockxr without the loader: two instances at once (the loader allows one)
# and arguments the loader stops before they reach a runtime.
target_compile_definitions(test_mockxr_ext_debug_utils PRIVATE "MOCKXR_LIBRARY=\"$<TARGET_FILE:mockxr>\"")
target_link_libraries(test_mockxr_ext_debug_utils PRIVATE ${CMAKE_DL_LIBS})
