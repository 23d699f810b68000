# Unit tests of runtime/app (command line) and runtime/xr's view math and timing records: no XR runtime, no GPU.
add_executable(unit_options ${CMAKE_CURRENT_LIST_DIR}/options.c)
target_link_libraries(unit_options PRIVATE app_options)
add_test(NAME unit_options COMMAND unit_options)
set_tests_properties(unit_options PROPERTIES LABELS unit TIMEOUT 30)

# The views room is pure math: compiled on its own so the test needs no loader or device.
add_executable(unit_xr_views ${CMAKE_CURRENT_LIST_DIR}/xr_views.c ${PROJECT_SOURCE_DIR}/runtime/xr/views.c)
target_include_directories(unit_xr_views PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/runtime/xr)
target_link_libraries(unit_xr_views PRIVATE gfx OpenXR::headers Vulkan::Vulkan fxr_cglm) # gfx: gfx_view_from_pose
add_test(NAME unit_xr_views COMMAND unit_xr_views)
set_tests_properties(unit_xr_views PROPERTIES LABELS unit TIMEOUT 30)

# The timing records, compiled with the logger stubbed: JSON lines, ordering, percentiles.
add_executable(unit_xr_stats ${CMAKE_CURRENT_LIST_DIR}/xr_stats.c ${PROJECT_SOURCE_DIR}/runtime/xr/stats.c
                             ${PROJECT_SOURCE_DIR}/runtime/xr/stats_table.c)
target_include_directories(unit_xr_stats PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/runtime/xr)
target_link_libraries(unit_xr_stats PRIVATE OpenXR::headers Vulkan::Vulkan scene cjson m) # scene: status and link names
add_test(NAME unit_xr_stats COMMAND unit_xr_stats)
set_tests_properties(unit_xr_stats PROPERTIES LABELS unit TIMEOUT 30)

if(TARGET factoryxr)
  add_test(NAME unit_options_cli COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/options_cli.sh $<TARGET_FILE:factoryxr>)
  set_tests_properties(unit_options_cli PROPERTIES LABELS unit TIMEOUT 30
    ENVIRONMENT "VK_ICD_FILENAMES=${FXR_LVP_ICD};XDG_CACHE_HOME=${CMAKE_BINARY_DIR}/test-cache;LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/e2e/factoryxr_lsan.supp")
endif()

# Dynamic resolution's controller: pure arithmetic on measured GPU times, compiled on its own.
add_executable(unit_xr_res ${CMAKE_CURRENT_LIST_DIR}/xr_res.c ${PROJECT_SOURCE_DIR}/runtime/xr/resolution.c)
target_include_directories(unit_xr_res PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/runtime/xr)
target_link_libraries(unit_xr_res PRIVATE OpenXR::headers Vulkan::Vulkan m)
add_test(NAME unit_xr_res COMMAND unit_xr_res)
set_tests_properties(unit_xr_res PROPERTIES LABELS unit TIMEOUT 30)

# The controller against recorded machine behaviour (tests/bench/traces): never more missed slots than
# full size, and no resolution given away where full size fits. Pure arithmetic on stored numbers.
# (res_replay is defined in tests/bench, added after tests/: a target name in COMMAND resolves at generate time.)
file(GLOB fxr_res_traces ${PROJECT_SOURCE_DIR}/tests/bench/traces/*.txt)
add_test(NAME unit_res_replay COMMAND res_replay --check ${fxr_res_traces})
set_tests_properties(unit_res_replay PROPERTIES LABELS unit TIMEOUT 30)
