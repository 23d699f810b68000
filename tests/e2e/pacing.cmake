# e2e: mockxr's app pacing with factoryxr on the realtime clock (tests/e2e/pacing_e2e.sh); lenient bounds.
if(TARGET factoryxr AND TARGET mockxr)
  add_executable(pacing_check ${CMAKE_CURRENT_LIST_DIR}/pacing_check.c)
  target_link_libraries(pacing_check PRIVATE cjson)
  add_test(NAME e2e_factoryxr_pacing
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/pacing_e2e.sh $<TARGET_FILE:factoryxr> $<TARGET_FILE:pacing_check> ${CMAKE_BINARY_DIR}/e2e/factoryxr_pacing)
  set_tests_properties(e2e_factoryxr_pacing PROPERTIES LABELS e2e TIMEOUT 240
                       ENVIRONMENT "${FXR_TEST_ENV};${fxr_e2e_asan_env}")
endif()
