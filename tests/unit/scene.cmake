# Unit tests of runtime/scene: determinism, counts, meshes, animation, robot reach, culling. No XR, no GPU.
foreach(name scene_determinism scene_counts scene_meshes scene_animation scene_cull scene_machines scene_plant
             scene_live scene_pick)
  add_executable(test_${name} "${CMAKE_CURRENT_LIST_DIR}/${name}.c")
  target_link_libraries(test_${name} PRIVATE scene)
  # The tests inspect the scene's internals (line state, plan) besides its public API.
  target_include_directories(test_${name} PRIVATE "${PROJECT_SOURCE_DIR}/runtime/scene")
  add_test(NAME ${name} COMMAND test_${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 60)
endforeach()
