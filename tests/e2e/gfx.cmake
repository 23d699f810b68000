# Renderer end to end on lavapipe, without XR: gfx_offscreen renders the real scene (4 lines) through gfx
# (multiview, per-view, MSAA 4x both ways, native multiview) at 256x256 per eye, 5 frames each through the
# 2 frame slots, and checks images (paths match, eyes differ, MSAA only on edges, late latch), draws,
# triangles, GPU times, the pipeline cache and misuse errors.
add_executable(gfx_offscreen "${CMAKE_CURRENT_LIST_DIR}/gfx_offscreen.c" "${CMAKE_CURRENT_LIST_DIR}/gfx_test_vk.c")
target_link_libraries(gfx_offscreen PRIVATE gfx scene m)

add_test(NAME gfx_offscreen
         COMMAND gfx_offscreen --lines 4 --cache "${CMAKE_BINARY_DIR}/test-cache/gfx_offscreen/pipeline.cache")
set_tests_properties(gfx_offscreen PROPERTIES LABELS e2e TIMEOUT 60 ENVIRONMENT "${FXR_TEST_ENV}")

# The same under the Vulkan validation layer: any validation message fails it.
add_test(NAME gfx_offscreen_validation
         COMMAND gfx_offscreen --lines 4
                 --cache "${CMAKE_BINARY_DIR}/test-cache/gfx_offscreen_validation/pipeline.cache")
set_tests_properties(gfx_offscreen_validation PROPERTIES LABELS e2e TIMEOUT 120
  ENVIRONMENT "${FXR_TEST_ENV};${FXR_VALIDATION_ENV}"
  FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
