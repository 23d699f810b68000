# mockxr-run --pacing (after run.cmake, whose mxrun_test it uses): bad values and app pacing with the virtual
# clock are usage errors; the summary names the pacing and prints the CLOCK_MONOTONIC app CPU row.
if(TARGET mockxr-run)
  mxrun_test(usage_pacing 2 "--pacing|late|--|${MXRUN_FAKE}" "--pacing: 'late' is not one of")
  mxrun_test(usage_pacing_virtual 2 "--pacing|app|--clock|virtual|--|${MXRUN_FAKE}"
             "--pacing app needs the realtime clock")
  mxrun_test(pacing_env 0 "--pacing|slot|--|${MXRUN_FAKE}|env=MOCKXR_PACING" "MOCKXR_PACING=slot")
endif()

# hello_xr end to end: under the virtual clock the summary's CLOCK_MONOTONIC row shows what its frames cost
# (the virtual app CPU row reads 0); under the realtime clock with app pacing, the GPU completion of its
# frames is watched (the "GPU after end" row has numbers).
find_program(FXR_HELLO_XR hello_xr)
if(TARGET mockxr AND TARGET mockxr-run AND FXR_HELLO_XR AND FXR_LVP_ICD)
  set(fxr_pacing_runs
      "virtual|--clock|virtual|--pacing|slot"
      "app CPU \\(CLOCK_MONOTONIC\\) +[0-9]+\\.[0-9][0-9][0-9] +[0-9]"
      "realtime|--clock|realtime|--pacing|app"
      "GPU after end \\(MONOTONIC\\) +[0-9]+\\.[0-9][0-9][0-9] +[0-9]")
  foreach(k RANGE 0 2 2)
    math(EXPR kr "${k} + 1")
    list(GET fxr_pacing_runs ${k} args)
    list(GET fxr_pacing_runs ${kr} regex)
    string(REGEX MATCH "^[a-z]+" clock "${args}")
    string(REGEX REPLACE "^[a-z]+\\|" "" args "${args}")
    string(REGEX MATCH "(app|slot)$" pacing "${args}")
    add_test(NAME mockxr_run_pacing_hello_xr_${clock}
             COMMAND ${CMAKE_COMMAND}
                     "-DCMD=${MXRUN}|--frames|60|${args}|--view-size|128x128|--|${FXR_HELLO_XR}|-g|Vulkan2"
                     -DEXPECT_RC=0 "-DEXPECT=${clock} clock, 90 Hz, ${pacing} pacing|errors 0|OK: "
                     "-DEXPECT_REGEX=${regex}" -P "${MXRUN_CHECK}")
    set_tests_properties(mockxr_run_pacing_hello_xr_${clock} PROPERTIES LABELS mockxr TIMEOUT 60
                         ENVIRONMENT "${FXR_TEST_ENV}")
    if(FXR_SANITIZE) # as mockxr_run_hello_xr_* (run.cmake): the ASan runtime first, hello_xr's leaks not ours
      execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so OUTPUT_VARIABLE fxr_libasan
                      OUTPUT_STRIP_TRAILING_WHITESPACE)
      set_property(TEST mockxr_run_pacing_hello_xr_${clock} APPEND PROPERTY ENVIRONMENT
                   "LD_PRELOAD=${fxr_libasan}" "ASAN_OPTIONS=detect_leaks=0")
    endif()
  endforeach()
endif()
