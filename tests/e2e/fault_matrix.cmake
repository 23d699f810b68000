# Fault matrix: every mockxr fault x every factoryxr render path (tests/e2e/fault_matrix.sh), 64x64 per eye,
# virtual clock, under the Vulkan validation layer (its object tracker reports anything left alive at
# vkDestroyDevice/vkDestroyInstance) and the OpenXR core validation layer; any message fails the case.
if(TARGET factoryxr AND TARGET mockxr)
  set(fxr_fault_env ${FXR_TEST_ENV} ${fxr_e2e_asan_env} ${FXR_VALIDATION_ENV}) # (asan env: factoryxr.cmake)
  foreach(fault session_loss focus visibility exit_request instance_loss slow)
    foreach(path multiview perview msaa)
      set(name e2e_fault_${fault}_${path})
      add_test(NAME ${name}
        COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/fault_matrix.sh ${fault} ${path} $<TARGET_FILE:factoryxr>
                $<TARGET_FILE:factoryxr_check> ${CMAKE_BINARY_DIR}/e2e/fault_${fault}_${path})
      set_tests_properties(${name} PROPERTIES
        LABELS "e2e;faults" TIMEOUT 120
        ENVIRONMENT "${fxr_fault_env}"
        FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
    endforeach()
  endforeach()
endif()
