# The live twin with a real broker: a ctest fixture starts mosquitto on 127.0.0.1 and a free port (broker.sh) and
# stops it by its PID. twin_broker: the ingest thread through the broker (no XR); twin_e2e.sh: factoryxr x mockxr x
# lavapipe x mosquitto (live: states, captures, bad data; outage: the broker stopped and restarted mid-run;
# sim: fxr-plant-sim's states, recording and replay reach the twin).
if(TARGET factoryxr AND TARGET mockxr AND MOSQUITTO_BROKER)
  add_executable(twin_tool ${CMAKE_CURRENT_LIST_DIR}/twin_tool.c)
  target_link_libraries(twin_tool PRIVATE twin scene cjson PkgConfig::MOSQUITTO PNG::PNG)
  set_target_properties(twin_tool PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  add_executable(twin_broker ${CMAKE_CURRENT_LIST_DIR}/twin_broker.c)
  target_include_directories(twin_broker PRIVATE ${PROJECT_SOURCE_DIR}/runtime/twin ${PROJECT_SOURCE_DIR}/tests/unit)
  target_link_libraries(twin_broker PRIVATE twin scene PkgConfig::MOSQUITTO Threads::Threads)

  set(fxr_broker_dir ${CMAKE_BINARY_DIR}/e2e/twin-broker)
  add_test(NAME twin_broker_start COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/broker.sh start ${fxr_broker_dir} ${MOSQUITTO_BROKER})
  add_test(NAME twin_broker_stop COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/broker.sh stop ${fxr_broker_dir})
  set_tests_properties(twin_broker_start PROPERTIES FIXTURES_SETUP twin_broker LABELS "e2e;twin" TIMEOUT 30)
  set_tests_properties(twin_broker_stop PROPERTIES FIXTURES_CLEANUP twin_broker LABELS "e2e;twin" TIMEOUT 30)

  add_test(NAME twin_broker COMMAND twin_broker ${fxr_broker_dir})
  set_tests_properties(twin_broker PROPERTIES FIXTURES_REQUIRED twin_broker LABELS "e2e;twin;tsan" TIMEOUT 60
    ENVIRONMENT "${fxr_e2e_asan_env}")

  foreach(scenario live outage sim)
    set(name e2e_twin_${scenario})
    add_test(NAME ${name}
      COMMAND env FXR_PLANT_SIM=$<TARGET_FILE:fxr-plant-sim>
              sh ${CMAKE_CURRENT_LIST_DIR}/twin_e2e.sh ${scenario} $<TARGET_FILE:factoryxr>
              $<TARGET_FILE:factoryxr_check> $<TARGET_FILE:twin_tool> ${CMAKE_CURRENT_LIST_DIR}/broker.sh
              ${MOSQUITTO_BROKER} ${fxr_broker_dir} ${CMAKE_BINARY_DIR}/e2e/twin_${scenario})
    set(env ${FXR_TEST_ENV} ${fxr_e2e_asan_env})
    set_tests_properties(${name} PROPERTIES LABELS "e2e;twin" TIMEOUT 300 ENVIRONMENT "${env}")
  endforeach()
  set_tests_properties(e2e_twin_live e2e_twin_sim PROPERTIES FIXTURES_REQUIRED twin_broker)
  # factoryxr's ingest thread beside its frame loop, under ThreadSanitizer in the tsan preset (slower there).
  set_tests_properties(e2e_twin_live PROPERTIES LABELS "e2e;twin;tsan")
  if(FXR_TSAN)
    set_tests_properties(e2e_twin_live PROPERTIES TIMEOUT 900)
  endif()
  set_tests_properties(e2e_twin_sim PROPERTIES DEPENDS fxr-plant-sim)
elseif(TARGET factoryxr)
  message(WARNING "mosquitto (the broker) not found: the live twin's broker tests are left out. apt-get install mosquitto")
endif()
