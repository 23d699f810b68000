# docs/errors.md, walked row by row: every flag, environment variable, script, plant-file and payload error gets
# the exit code and the message the table says (errors_table.sh runs each; errors_payload feeds payloads to the
# twin's ingest path without a broker).
add_executable(errors_payload ${CMAKE_CURRENT_LIST_DIR}/errors_payload.c)
target_include_directories(errors_payload PRIVATE ${PROJECT_SOURCE_DIR}/runtime/twin)
target_link_libraries(errors_payload PRIVATE twin scene)
if(TARGET factoryxr AND TARGET mockxr-run AND TARGET fxr-plant-sim)
  # FXR_ASAN_LVP_ENV (tests/CMakeLists.txt): lavapipe stays loaded under ASan for the rows that draw a frame.
  set(fxr_errors_env "VK_ICD_FILENAMES=${FXR_LVP_ICD}" "VK_DRIVER_FILES=${FXR_LVP_ICD}" "LP_NUM_THREADS=2"
      "XDG_CACHE_HOME=${CMAKE_BINARY_DIR}/test-cache"
      "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/e2e/factoryxr_lsan.supp" ${FXR_ASAN_LVP_ENV})
  add_test(NAME unit_errors_table
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/errors_table.sh ${PROJECT_SOURCE_DIR}/docs/errors.md
                   $<TARGET_FILE:factoryxr> ${CMAKE_BINARY_DIR}/mockxr.json $<TARGET_FILE:mockxr-run>
                   $<TARGET_FILE:errors_payload> $<TARGET_FILE:fxr-plant-sim>)
  set_tests_properties(unit_errors_table PROPERTIES LABELS unit TIMEOUT 600 ENVIRONMENT "${fxr_errors_env}")
endif()
