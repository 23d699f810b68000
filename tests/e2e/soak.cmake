# Soak (label soak, not in the default suite: the presets default, debug, asan and tsan leave it out; run it with
# `cmake --workflow --preset soak` or `ctest --preset soak`): 100,000 frames of factoryxr cycling focus, visibility
# and session loss (tests/e2e/soak.sh), resident memory growth under 1 MB after warm-up; and a short soak under the
# validation layers, whose object tracking also covers the Vulkan objects mockxr makes on the app's device for each
# session (memory reported, not checked: the layers' own bookkeeping grows).
if(TARGET factoryxr AND TARGET mockxr)
  add_test(NAME soak_factoryxr
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/soak.sh $<TARGET_FILE:factoryxr> ${CMAKE_BINARY_DIR}/e2e/soak 100000 1024)
  set_tests_properties(soak_factoryxr PROPERTIES LABELS soak TIMEOUT 3600 ENVIRONMENT "${FXR_TEST_ENV}")
  add_test(NAME soak_factoryxr_validation
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/soak.sh $<TARGET_FILE:factoryxr> ${CMAKE_BINARY_DIR}/e2e/soak_validation 4000 0)
  set_tests_properties(soak_factoryxr_validation PROPERTIES LABELS soak TIMEOUT 1800
    ENVIRONMENT "${FXR_TEST_ENV};${FXR_VALIDATION_ENV}" FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
endif()
