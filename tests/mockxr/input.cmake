# mockxr input conformance (label mockxr): the profile tables directly, then actions, bindings, attach,
# sync, states, action spaces, haptics and profile events through the real loader on headless sessions.
set(MXINPUT_DIR "${CMAKE_SOURCE_DIR}/runtime/mockxr/input")

# Unit test of profiles.c, compiled in (pure data, no loader).
add_executable(mockxr_input_profiles "${CMAKE_CURRENT_LIST_DIR}/input_profiles.c" "${MXINPUT_DIR}/profiles.c")
target_include_directories(mockxr_input_profiles PRIVATE "${MXINPUT_DIR}")
target_link_libraries(mockxr_input_profiles PRIVATE OpenXR::headers)
add_test(NAME mockxr_input_profiles COMMAND mockxr_input_profiles)
set_tests_properties(mockxr_input_profiles PROPERTIES LABELS mockxr TIMEOUT 20)

# Loader-driven tests; profiles.c is compiled in only to enumerate the expected components.
function(mxinput_exe name)
  add_executable(mockxr_${name} "${CMAKE_CURRENT_LIST_DIR}/${name}.c" "${MXINPUT_DIR}/profiles.c")
  target_include_directories(mockxr_${name} PRIVATE "${MXINPUT_DIR}")
  target_link_libraries(mockxr_${name} PRIVATE OpenXR::openxr_loader OpenXR::headers)
  add_dependencies(mockxr_${name} mockxr)
endfunction()

# Debian's loader 1.0.20 leaks its per-instance data; CORE's suppression file covers only the loader.
set(MXINPUT_ENV ${FXR_TEST_ENV} "MOCKXR_CLOCK=virtual" "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")

mxinput_exe(input_actions)
add_test(NAME mockxr_input_actions COMMAND mockxr_input_actions)
set_tests_properties(mockxr_input_actions PROPERTIES LABELS mockxr TIMEOUT 30 ENVIRONMENT "${MXINPUT_ENV}")

mxinput_exe(input_sync)
add_test(NAME mockxr_input_sync COMMAND mockxr_input_sync WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_input_sync PROPERTIES LABELS mockxr TIMEOUT 30 ENVIRONMENT "${MXINPUT_ENV}")

# The clean path (no error returned on purpose), once plain and once under both validation layers.
mxinput_exe(input_clean)
add_test(NAME mockxr_input_clean COMMAND mockxr_input_clean WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_input_clean PROPERTIES LABELS mockxr TIMEOUT 30 ENVIRONMENT "${MXINPUT_ENV}")
add_test(NAME mockxr_input_clean_validation COMMAND mockxr_input_clean
         WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_input_clean_validation PROPERTIES LABELS mockxr TIMEOUT 60
                     ENVIRONMENT "${MXINPUT_ENV};${FXR_VALIDATION_ENV}"
                     FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")

# End to end: the unmodified Khronos hello_xr reads a scripted squeeze through its own bindings and answers
# with haptics that the report counts.
find_program(MXINPUT_HELLO_XR hello_xr)
if(TARGET mockxr-run AND MXINPUT_HELLO_XR AND FXR_LVP_ICD AND NOT FXR_SANITIZE)
  add_test(NAME mockxr_input_hello_xr_haptics
           COMMAND ${CMAKE_COMMAND} "-DMXRUN=$<TARGET_FILE:mockxr-run>" "-DHELLO_XR=${MXINPUT_HELLO_XR}"
                   "-DSCRIPT=${CMAKE_CURRENT_LIST_DIR}/input_hello_xr_script.json"
                   "-DREPORT=${CMAKE_CURRENT_BINARY_DIR}/mockxr_input_hello_xr_report.jsonl"
                   -P "${CMAKE_CURRENT_LIST_DIR}/input_hello_xr.cmk")
  set_tests_properties(mockxr_input_hello_xr_haptics PROPERTIES LABELS mockxr TIMEOUT 60 ENVIRONMENT "${FXR_TEST_ENV}")
endif()

# Concurrent callers (wait / begin+end / sync / locate on four threads, events on the main one), both clocks;
# label tsan too: the tsan preset runs it under ThreadSanitizer.
mxinput_exe(mt_threads)
target_link_libraries(mockxr_mt_threads PRIVATE Threads::Threads)
add_test(NAME mockxr_mt_threads COMMAND mockxr_mt_threads)
set_tests_properties(mockxr_mt_threads PROPERTIES LABELS "mockxr;tsan" TIMEOUT 60 ENVIRONMENT "${MXINPUT_ENV}")
