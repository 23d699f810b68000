# Unit test of runtime/panel: text, status colours, NAN, chart, re-render only on change, refusals. No XR,
# no GPU; needs fonts-dejavu-core. It reads the panel's layout and content (internal header) besides its API.
add_executable(unit_panel ${CMAKE_CURRENT_LIST_DIR}/panel.c)
target_include_directories(unit_panel PRIVATE ${PROJECT_SOURCE_DIR}/runtime/panel)
target_link_libraries(unit_panel PRIVATE panel Freetype::Freetype m)
# Counts the allocations of the panel's code (test_no_allocation).
target_link_options(unit_panel PRIVATE -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)
add_test(NAME unit_panel COMMAND unit_panel)
set_tests_properties(unit_panel PROPERTIES LABELS unit TIMEOUT 60)
