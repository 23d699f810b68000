# e2e: factoryxr x mockxr x lavapipe in virtual time (tests/e2e/factoryxr_e2e.sh runs each scenario;
# factoryxr_check joins the app's --stats with mockxr's report; factoryxr_imgcmp compares captures).
if(TARGET factoryxr AND TARGET mockxr)
  add_executable(factoryxr_check ${CMAKE_CURRENT_LIST_DIR}/factoryxr_check.c)
  target_link_libraries(factoryxr_check PRIVATE cjson)
  set_target_properties(factoryxr_check PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  add_executable(factoryxr_imgcmp ${CMAKE_CURRENT_LIST_DIR}/factoryxr_imgcmp.c)
  target_link_libraries(factoryxr_imgcmp PRIVATE PNG::PNG m)
  set_target_properties(factoryxr_imgcmp PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})

  # Under ASan: the loader's own leaks are suppressed (factoryxr_lsan.supp); lavapipe stays loaded through
  # FXR_TEST_ENV (tests/CMakeLists.txt).
  # A timeout is a hang detector, not a speed check: ASan builds run the same scenarios 3-5x slower
  # (res_scale took 119 s of 120 under ASan on a loaded 2-CPU machine).
  set(fxr_e2e_asan_env "")
  set(fxr_e2e_timeout 120)
  if(FXR_SANITIZE)
    set(fxr_e2e_timeout 360)
    set(fxr_e2e_asan_env "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/factoryxr_lsan.supp:print_suppressions=0")
  endif()

  foreach(scenario paths vulkan_enable latency validation exit loss instance_loss hidden slow signal mono res_scale
                   plant)
    set(name e2e_factoryxr_${scenario})
    add_test(NAME ${name}
      COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/factoryxr_e2e.sh ${scenario} $<TARGET_FILE:factoryxr>
              $<TARGET_FILE:factoryxr_check> $<TARGET_FILE:factoryxr_imgcmp> ${CMAKE_CURRENT_LIST_DIR}/ref
              ${CMAKE_BINARY_DIR}/e2e/factoryxr_${scenario})
    set(env ${FXR_TEST_ENV} ${fxr_e2e_asan_env})
    if(scenario STREQUAL "validation")
      list(APPEND env ${FXR_VALIDATION_ENV})
      set_tests_properties(${name} PROPERTIES FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
    endif()
    set_tests_properties(${name} PROPERTIES LABELS e2e TIMEOUT ${fxr_e2e_timeout} ENVIRONMENT "${env}")
  endforeach()
endif()

# The hands: picking, the panel's quad layer, haptics, drawn controllers (tests/e2e/interact_e2e.sh).
if(TARGET factoryxr AND TARGET mockxr)
  add_test(NAME e2e_factoryxr_interact
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/interact_e2e.sh $<TARGET_FILE:factoryxr> $<TARGET_FILE:factoryxr_imgcmp>
            ${CMAKE_BINARY_DIR}/e2e/factoryxr_interact)
  # under the Vulkan and OpenXR validation layers: the panel's uploads, hand trackers, moved play spaces
  set_tests_properties(e2e_factoryxr_interact PROPERTIES LABELS e2e TIMEOUT 300
                       ENVIRONMENT "${FXR_TEST_ENV};${fxr_e2e_asan_env};${FXR_VALIDATION_ENV}"
                       FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
endif()

# The depth layer: read back and checked without MSAA, not submitted with it (tests/e2e/depth_e2e.sh).
if(TARGET factoryxr AND TARGET mockxr)
  add_executable(depth_check ${CMAKE_CURRENT_LIST_DIR}/depth_check.c)
  target_link_libraries(depth_check PRIVATE PNG::PNG m)
  add_test(NAME e2e_factoryxr_depth
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/depth_e2e.sh $<TARGET_FILE:factoryxr> $<TARGET_FILE:depth_check>
            ${CMAKE_BINARY_DIR}/e2e/factoryxr_depth)
  set_tests_properties(e2e_factoryxr_depth PROPERTIES LABELS e2e TIMEOUT 120
                       ENVIRONMENT "${FXR_TEST_ENV};${fxr_e2e_asan_env}")
endif()
