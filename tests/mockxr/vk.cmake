# mockxr Vulkan conformance (label mockxr): XR_KHR_vulkan_enable / enable2, device choice, swapchain rules,
# layouts and capture, through the real loader on lavapipe. Clean-path tests run a second time under the
# Vulkan and OpenXR validation layers (suffix _validation) and fail on any validation message.
# core_lsan.supp (CORE's) suppresses only the OpenXR loader's own leaks under -DFXR_SANITIZE=ON.
set(MXVK_ENV ${FXR_TEST_ENV} "MOCKXR_CLOCK=virtual"
    "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")

function(mxvk_exe name)
  add_executable(mockxr_${name} "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
  target_link_libraries(mockxr_${name} PRIVATE OpenXR::openxr_loader OpenXR::headers Vulkan::Vulkan PNG::PNG Threads::Threads m)
  add_dependencies(mockxr_${name} mockxr)
endfunction()

# test name, executable, its argument ("" for none), timeout, clean (ON: also under validation), extra env...
function(mxvk_test name exe arg timeout clean)
  set(env ${MXVK_ENV} ${ARGN})
  add_test(NAME mockxr_${name} COMMAND mockxr_${exe} ${arg} WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties(mockxr_${name} PROPERTIES LABELS mockxr TIMEOUT ${timeout} ENVIRONMENT "${env}")
  if(clean)
    add_test(NAME mockxr_${name}_validation COMMAND mockxr_${exe} ${arg}
             WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
    set_tests_properties(mockxr_${name}_validation PROPERTIES LABELS mockxr TIMEOUT 120
                         ENVIRONMENT "${env};${FXR_VALIDATION_ENV}"
                         FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
  endif()
endfunction()

mxvk_exe(vk_capture)
# The plain and the validation run capture into their own directories (ctest -j may run both at once).
# enable1 captures the raw views only (MOCKXR_CAPTURE_KINDS=views), enable2 the default (views, composited).
foreach(path enable1 enable2)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/vk_capture_${path}")
  file(MAKE_DIRECTORY "${dir}" "${dir}_validation")
  set(kinds "")
  if(path STREQUAL "enable1")
    set(kinds "MOCKXR_CAPTURE_KINDS=views")
  endif()
  mxvk_test(vk_capture_${path} vk_capture ${path} 60 OFF "MOCKXR_CAPTURE_DIR=${dir}" "MOCKXR_CAPTURE_FRAMES=3-5" ${kinds})
  add_test(NAME mockxr_vk_capture_${path}_validation COMMAND mockxr_vk_capture ${path}
           WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties(mockxr_vk_capture_${path}_validation PROPERTIES LABELS mockxr TIMEOUT 120
                       ENVIRONMENT "${MXVK_ENV};MOCKXR_CAPTURE_DIR=${dir}_validation;MOCKXR_CAPTURE_FRAMES=3-5;${kinds};${FXR_VALIDATION_ENV}"
                       FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")
endforeach()

mxvk_exe(vk_enable)
mxvk_test(vk_enable vk_enable "" 60 OFF)

mxvk_exe(vk_swapchain)
mxvk_test(vk_swapchain vk_swapchain "" 60 OFF)

mxvk_exe(vk_layers)
mxvk_test(vk_layers vk_layers "" 60 OFF)

# Cylinder, equirect, equirect2 and cube layer checks; the clean part (cube swapchains of 12 layers, the
# conformance suite's values) also runs under the validation layers.
# The last frame (3 in the clean run, 4 in the full one) is captured: a depth chain without
# XR_KHR_composition_layer_depth must not be read.
mxvk_exe(vk_layer_types)
set(dir "${CMAKE_CURRENT_BINARY_DIR}/vk_layer_types")
file(MAKE_DIRECTORY "${dir}" "${dir}_validation")
set(MXVK_TYPES_ENV "MOCKXR_VIEW_SIZE=32x32" "MOCKXR_CAPTURE_FRAMES=3-4" "MOCKXR_CAPTURE_KINDS=composited,depth")
mxvk_test(vk_layer_types vk_layer_types "" 60 OFF ${MXVK_TYPES_ENV} "MOCKXR_CAPTURE_DIR=${dir}")
add_test(NAME mockxr_vk_layer_types_validation COMMAND mockxr_vk_layer_types clean
         WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_vk_layer_types_validation PROPERTIES LABELS mockxr TIMEOUT 120
                     ENVIRONMENT "${MXVK_ENV};${MXVK_TYPES_ENV};MOCKXR_CAPTURE_DIR=${dir}_validation;${FXR_VALIDATION_ENV}"
                     FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")

# The reference compositor: composited captures of frames with known layers, checked pixel by pixel, and the
# depth capture; the head is scripted (turned and off the LOCAL origin). Plain and validation runs capture
# into their own directories.
mxvk_exe(vk_compose)
set(dir "${CMAKE_CURRENT_BINARY_DIR}/vk_compose")
file(MAKE_DIRECTORY "${dir}" "${dir}_validation")
set(MXVK_COMPOSE_ENV "MOCKXR_VIEW_SIZE=128x128" "MOCKXR_CAPTURE_FRAMES=0-8"
    "MOCKXR_CAPTURE_KINDS=views,composited,depth" "MOCKXR_SCRIPT=${CMAKE_CURRENT_LIST_DIR}/vk_compose_head.json")
mxvk_test(vk_compose vk_compose "" 60 OFF ${MXVK_COMPOSE_ENV} "MOCKXR_CAPTURE_DIR=${dir}")
add_test(NAME mockxr_vk_compose_validation COMMAND mockxr_vk_compose WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
set_tests_properties(mockxr_vk_compose_validation PROPERTIES LABELS mockxr TIMEOUT 120
                     ENVIRONMENT "${MXVK_ENV};${MXVK_COMPOSE_ENV};MOCKXR_CAPTURE_DIR=${dir}_validation;${FXR_VALIDATION_ENV}"
                     FAIL_REGULAR_EXPRESSION "${FXR_VALIDATION_FAIL_REGEX}")

# The docs' composited capture (docs/images/compositor_*.png): a smoke test here (128² per eye, the composited
# files must exist), and `cmake --build build --target compositor-images` rewrites the images at 256².
mxvk_exe(vk_compose_demo)
set(dir "${CMAKE_CURRENT_BINARY_DIR}/vk_compose_demo")
file(MAKE_DIRECTORY "${dir}")
mxvk_test(vk_compose_demo vk_compose_demo "" 60 ON "MOCKXR_VIEW_SIZE=128x128" "MOCKXR_CAPTURE_FRAMES=0"
          "MOCKXR_CAPTURE_KINDS=composited" "MOCKXR_CAPTURE_DIR=${dir}")
set(dir "${CMAKE_BINARY_DIR}/compositor-images")
add_custom_target(compositor-images
  COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
  COMMAND ${CMAKE_COMMAND} -E env ${MXVK_ENV} "MOCKXR_VIEW_SIZE=256x256" "MOCKXR_CAPTURE_FRAMES=0"
          "MOCKXR_CAPTURE_KINDS=composited" "MOCKXR_CAPTURE_DIR=${dir}" $<TARGET_FILE:mockxr_vk_compose_demo>
  COMMAND ${CMAKE_COMMAND} -E copy "${dir}/frame_000000_eye0_composited.png" "${CMAKE_SOURCE_DIR}/docs/images/compositor_left.png"
  COMMAND ${CMAKE_COMMAND} -E copy "${dir}/frame_000000_eye1_composited.png" "${CMAKE_SOURCE_DIR}/docs/images/compositor_right.png"
  DEPENDS mockxr_vk_compose_demo mockxr
  COMMENT "compositor-images: docs/images/compositor_left.png and _right.png (composited captures, 256² per eye)")
