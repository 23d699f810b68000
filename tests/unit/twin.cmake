# Unit tests of runtime/twin without a broker: payloads and urls, the hand-over between threads (and the ingest path
# against twin_apply), plant files written and read back, bad plant files.
foreach(name twin_payload twin_handover twin_plant)
  add_executable(unit_${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.c)
  target_include_directories(unit_${name} PRIVATE ${PROJECT_SOURCE_DIR}/runtime/twin)
  target_link_libraries(unit_${name} PRIVATE twin scene Threads::Threads m)
  add_test(NAME unit_${name} COMMAND unit_${name})
  set_tests_properties(unit_${name} PROPERTIES LABELS unit TIMEOUT 60)
  if(name STREQUAL "twin_handover")
    set_tests_properties(unit_${name} PROPERTIES LABELS "unit;tsan") # threaded: the tsan preset runs it
  endif()
endforeach()
