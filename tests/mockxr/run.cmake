# Tests of mockxr-run (label mockxr): flags, manifest discovery, driver choice, and how each way an app
# can end turns into an exit status — with a stand-in app — then end to end with hello_xr on mockxr.
if(TARGET mockxr-run)
add_executable(mockxr_run_fakeapp "${CMAKE_CURRENT_LIST_DIR}/run_fakeapp.c")

set(MXRUN_CHECK "${CMAKE_CURRENT_LIST_DIR}/run_check.cmk")
set(MXRUN "$<TARGET_FILE:mockxr-run>")
set(MXRUN_FAKE "$<TARGET_FILE:mockxr_run_fakeapp>")

# mxrun_test(NAME RC "ARG|ARG|..." "EXPECT|..." [REJECT] [TIMEOUT]): mockxr-run ARGS must exit RC
# with every EXPECT substring in its output.
function(mxrun_test name rc args expect)
  set(reject "${ARGV4}")
  set(timeout "${ARGV5}")
  if(NOT timeout)
    set(timeout 30)
  endif()
  add_test(NAME mockxr_run_${name}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${MXRUN}|${args}" -DEXPECT_RC=${rc} "-DEXPECT=${expect}"
                   "-DREJECT=${reject}" -P "${MXRUN_CHECK}")
  set_tests_properties(mockxr_run_${name} PROPERTIES LABELS mockxr TIMEOUT ${timeout}
                       ENVIRONMENT "${FXR_TEST_ENV}")
endfunction()

# ---- usage errors: each bad flag or value -> exit 2 and a message naming it ----
mxrun_test(usage_no_app 2 "--frames|10" "no app given")
mxrun_test(usage_unknown_flag 2 "--bogus|--|${MXRUN_FAKE}" "unknown option '--bogus'")
mxrun_test(usage_missing_value 2 "--frames" "--frames: missing value")
mxrun_test(usage_frames_zero 2 "--frames|0|--|${MXRUN_FAKE}" "--frames: 0 is out of range")
mxrun_test(usage_frames_text 2 "--frames|ten|--|${MXRUN_FAKE}" "--frames: 'ten' is not an integer")
mxrun_test(usage_frames_trailing 2 "--frames|10x|--|${MXRUN_FAKE}" "--frames: '10x' is not an integer")
mxrun_test(usage_hz_low 2 "--hz|30|--|${MXRUN_FAKE}" "--hz: 30 is out of range 60..240")
mxrun_test(usage_hz_high 2 "--hz|241|--|${MXRUN_FAKE}" "--hz: 241 is out of range 60..240")
mxrun_test(usage_clock 2 "--clock|fast|--|${MXRUN_FAKE}" "--clock: 'fast' is not one of")
mxrun_test(usage_view_size 2 "--view-size|512|--|${MXRUN_FAKE}" "--view-size: '512' is not WIDTHxHEIGHT")
mxrun_test(usage_view_size_small 2 "--view-size|8x512|--|${MXRUN_FAKE}" "--view-size: '8x512' is not WIDTHxHEIGHT with each edge 16..8192")
mxrun_test(usage_head 2 "--head|spin|--|${MXRUN_FAKE}" "--head: 'spin'")
mxrun_test(usage_controllers 2 "--controllers|wand|--|${MXRUN_FAKE}" "--controllers: 'wand'")
mxrun_test(usage_vk_device_empty 2 "--vk-device=|--|${MXRUN_FAKE}" "--vk-device: the value must not be empty")
mxrun_test(usage_script_missing 2 "--script|/nonexistent/s.json|--|${MXRUN_FAKE}"
           "--script: '/nonexistent/s.json' is not a readable file")
mxrun_test(usage_capture_list 2 "--capture-frames|1,x|--capture-dir|.|--|${MXRUN_FAKE}" "--capture-frames: '1,x'")
mxrun_test(usage_capture_range 2 "--capture-frames|5-2|--capture-dir|.|--|${MXRUN_FAKE}" "empty or overflowing range")
mxrun_test(usage_capture_alone 2 "--capture-frames|1|--|${MXRUN_FAKE}" "--capture-frames needs --capture-dir")
mxrun_test(usage_capture_dir_alone 2 "--capture-dir|.|--|${MXRUN_FAKE}" "--capture-dir needs --capture-frames")
mxrun_test(usage_capture_kinds 2 "--capture-kinds|views,raw|--capture-frames|1|--capture-dir|.|--|${MXRUN_FAKE}" "--capture-kinds: 'views,raw'")
mxrun_test(usage_capture_kinds_alone 2 "--capture-kinds|depth|--|${MXRUN_FAKE}" "--capture-kinds needs --capture-dir")
mxrun_test(usage_max_missed 2 "--max-missed|-1|--|${MXRUN_FAKE}" "--max-missed: -1 is out of range")
mxrun_test(usage_timeout 2 "--timeout|0|--|${MXRUN_FAKE}" "--timeout: '0' is not a number of seconds")
mxrun_test(usage_timeout_nan 2 "--timeout|nan|--|${MXRUN_FAKE}" "--timeout: 'nan'")
mxrun_test(usage_stdin 2 "--stdin|tty|--|${MXRUN_FAKE}" "--stdin: 'tty'")
mxrun_test(usage_manifest 2 "--manifest|/nonexistent.json|--|${MXRUN_FAKE}" "--manifest: '/nonexistent.json'")
mxrun_test(usage_report_unwritable 2 "--report|/nonexistent/dir/r.jsonl|--|${MXRUN_FAKE}"
           "--report: cannot write '/nonexistent/dir/r.jsonl'")
mxrun_test(usage_compare_update 2 "--compare|a|--update|b|--frames|3|--|${MXRUN_FAKE}" "--compare and --update exclude each other")
mxrun_test(usage_compare_no_frames 2 "--compare|refs|--|${MXRUN_FAKE}" "--compare needs --script (its snapshots) or --frames N")
mxrun_test(usage_compare_capture 2 "--update|refs|--frames|3|--capture-frames|1|--capture-dir|.|--|${MXRUN_FAKE}" "capture on their own")
mxrun_test(usage_tolerance_mean 2 "--tolerance-mean|300|--|${MXRUN_FAKE}" "--tolerance-mean: '300' is not a number 0..255")
mxrun_test(usage_tolerance_pixels 2 "--tolerance-pixels|x|--|${MXRUN_FAKE}" "--tolerance-pixels: 'x' is not a number 0..1")
mxrun_test(usage_pixel_threshold 2 "--pixel-threshold|256|--|${MXRUN_FAKE}" "--pixel-threshold: 256 is out of range 0..255")
mxrun_test(usage_window_virtual 2 "--window|--clock|virtual|--|${MXRUN_FAKE}" "--window implies the realtime clock")
mxrun_test(window_vars 0 "--window|--|${MXRUN_FAKE}|env=MOCKXR_WINDOW|env=MOCKXR_CLOCK" "MOCKXR_WINDOW=1|MOCKXR_CLOCK=realtime")
mxrun_test(record_var 0 "--record|${CMAKE_CURRENT_BINARY_DIR}/mxrun_rec.json|--|${MXRUN_FAKE}|env=MOCKXR_RECORD" "MOCKXR_RECORD=${CMAKE_CURRENT_BINARY_DIR}/mxrun_rec.json")
mxrun_test(help 0 "--help" "MOCKXR_EXIT_AFTER_FRAMES|MOCKXR_REFRESH_HZ|MOCKXR_CLOCK|MOCKXR_VIEW_SIZE|MOCKXR_HEAD|MOCKXR_CONTROLLERS|MOCKXR_VK_DEVICE|MOCKXR_SCRIPT|MOCKXR_CAPTURE_FRAMES|MOCKXR_CAPTURE_DIR|MOCKXR_REPORT|MOCKXR_QUIET|Exit status")

# ---- how the app ends -> exit status ----
mxrun_test(ok 0 "--clock|virtual|--|${MXRUN_FAKE}|frames=12"
           "frames 12   with projection layer 12   missed 0|app CPU|pose age|OK: ")
mxrun_test(app_exit_nonzero 3 "--|${MXRUN_FAKE}|exit=3" "exited with status 3")
mxrun_test(app_crash 3 "--|${MXRUN_FAKE}|signal=6" "crashed: killed by signal 6")
mxrun_test(app_not_found 5 "--|/nonexistent/app" "cannot run '/nonexistent/app'")
mxrun_test(timeout_kill 4 "--timeout|0.5|--|${MXRUN_FAKE}|hang=1" "did not end within the 0.5 s timeout")
mxrun_test(timeout_sigkill 4 "--timeout|0.5|--|${MXRUN_FAKE}|hang=1|ignore_term=1" "did not end within")
mxrun_test(mockxr_errors 1 "--|${MXRUN_FAKE}|errors=2" "mockxr diagnosed 2 error(s)")
mxrun_test(no_report 1 "--|${MXRUN_FAKE}|report=0" "no report was written")
mxrun_test(no_summary 1 "--|${MXRUN_FAKE}|summary=0" "has no summary line")
mxrun_test(no_frames 1 "--|${MXRUN_FAKE}|frames=0" "no frames")
mxrun_test(missed_virtual 1 "--clock|virtual|--|${MXRUN_FAKE}|missed=2" "2 missed frame(s), more than the 0 allowed")
mxrun_test(missed_allowed 0 "--clock|virtual|--max-missed|2|--|${MXRUN_FAKE}|missed=2" "missed 2")
mxrun_test(missed_realtime 0 "--clock|realtime|--|${MXRUN_FAKE}|missed=5" "missed 5")
mxrun_test(missed_realtime_limit 1 "--clock|realtime|--max-missed|4|--|${MXRUN_FAKE}|missed=5" "more than the 4 allowed")
mxrun_test(stdin_open 0 "--|${MXRUN_FAKE}|check_stdin=1" "OK: " "end-of-input")
mxrun_test(stdin_null 3 "--stdin|null|--|${MXRUN_FAKE}|check_stdin=1" "stdin is at end-of-input")
mxrun_test(validation_fails 1
  "--validation|--|${MXRUN_FAKE}|print=Validation Error: VUID-vkFoo-bar|env=VK_INSTANCE_LAYERS|env=XR_ENABLE_API_LAYERS"
  "1 validation message(s)|VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation|XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation")
mxrun_test(validation_off 0 "--|${MXRUN_FAKE}|print=Validation Error: VUID-vkFoo-bar" "OK: ")

# ---- environment given to the app ----
mxrun_test(env_vars 0
  "--frames|7|--hz|120|--clock|virtual|--view-size|64x32|--head|look|--controllers|index|--vk-device|llvmpipe|--quiet|--|${MXRUN_FAKE}|frames=7|env=MOCKXR_EXIT_AFTER_FRAMES|env=MOCKXR_REFRESH_HZ|env=MOCKXR_CLOCK|env=MOCKXR_VIEW_SIZE|env=MOCKXR_HEAD|env=MOCKXR_CONTROLLERS|env=MOCKXR_VK_DEVICE|env=MOCKXR_QUIET"
  "MOCKXR_EXIT_AFTER_FRAMES=7|MOCKXR_REFRESH_HZ=120|MOCKXR_CLOCK=virtual|MOCKXR_VIEW_SIZE=64x32|MOCKXR_HEAD=look|MOCKXR_CONTROLLERS=index|MOCKXR_VK_DEVICE=llvmpipe|MOCKXR_QUIET=1")
mxrun_test(manifest_build_tree 0 "--|${MXRUN_FAKE}|env=XR_RUNTIME_JSON" "XR_RUNTIME_JSON=${CMAKE_BINARY_DIR}/mockxr.json")
mxrun_test(report_kept 0 "--report|${CMAKE_CURRENT_BINARY_DIR}/mxrun_report_kept.jsonl|--|${MXRUN_FAKE}|env=MOCKXR_REPORT"
           "MOCKXR_REPORT=${CMAKE_CURRENT_BINARY_DIR}/mxrun_report_kept.jsonl")
mxrun_test(capture_vars 0
  "--capture-frames|0,3-4|--capture-dir|${CMAKE_CURRENT_BINARY_DIR}/mxrun_capture|--capture-kinds|composited,depth|--|${MXRUN_FAKE}|env=MOCKXR_CAPTURE_FRAMES|env=MOCKXR_CAPTURE_DIR|env=MOCKXR_CAPTURE_KINDS"
  "MOCKXR_CAPTURE_FRAMES=0,3-4|MOCKXR_CAPTURE_DIR=${CMAKE_CURRENT_BINARY_DIR}/mxrun_capture|MOCKXR_CAPTURE_KINDS=composited,depth")

# Installed layout: <prefix>/bin/mockxr-run finds <prefix>/share/openxr/1/mockxr.json; none -> exit 5.
foreach(variant IN ITEMS with without)
  set(tree "${CMAKE_CURRENT_BINARY_DIR}/mxrun_install_${variant}")
  if(variant STREQUAL "with")
    set(args -DEXPECT_RC=0 "-DEXPECT=XR_RUNTIME_JSON=${tree}/share/openxr/1/mockxr.json" -DWITH_MANIFEST=ON)
  else()
    set(args -DEXPECT_RC=5 "-DEXPECT=manifest was not found|${tree}/bin/../share/openxr/1/mockxr.json"
             -DWITH_MANIFEST=OFF)
  endif()
  add_test(NAME mockxr_run_manifest_installed_${variant}
           COMMAND ${CMAKE_COMMAND} "-DCMD=${MXRUN}|--|${MXRUN_FAKE}|env=XR_RUNTIME_JSON" "-DINSTALL_TREE=${tree}"
                   ${args} -P "${MXRUN_CHECK}")
  set_tests_properties(mockxr_run_manifest_installed_${variant} PROPERTIES LABELS mockxr TIMEOUT 30
                       ENVIRONMENT "${FXR_TEST_ENV}")
endforeach()

# ---- Vulkan driver choice ----
if(FXR_LVP_ICD)
  # The user's choice stands, unless --lavapipe.
  mxrun_test(driver_user_choice 0 "--|${MXRUN_FAKE}|env=VK_ICD_FILENAMES" "VK_ICD_FILENAMES=/custom/icd.json")
  mxrun_test(driver_forced_lavapipe 0 "--lavapipe|--|${MXRUN_FAKE}|env=VK_ICD_FILENAMES|env=VK_DRIVER_FILES"
             "VK_ICD_FILENAMES=${FXR_LVP_ICD}|VK_DRIVER_FILES=${FXR_LVP_ICD}")
  set_property(TEST mockxr_run_driver_user_choice mockxr_run_driver_forced_lavapipe APPEND PROPERTY
               ENVIRONMENT_MODIFICATION "VK_ICD_FILENAMES=set:/custom/icd.json" "VK_DRIVER_FILES=unset:")
  # No choice made and the loader sees only CPU devices (VK_LOADER_DRIVERS_SELECT keeps lavapipe
  # alone, whatever the machine has) -> lavapipe. And none at all -> lavapipe too.
  mxrun_test(driver_probe_cpu_only 0 "--|${MXRUN_FAKE}|env=VK_ICD_FILENAMES" "VK_ICD_FILENAMES=${FXR_LVP_ICD}")
  mxrun_test(driver_probe_no_driver 0 "--|${MXRUN_FAKE}|env=VK_DRIVER_FILES" "VK_DRIVER_FILES=${FXR_LVP_ICD}")
  set_property(TEST mockxr_run_driver_probe_cpu_only APPEND PROPERTY ENVIRONMENT_MODIFICATION
               "VK_ICD_FILENAMES=unset:" "VK_DRIVER_FILES=unset:" "VK_LOADER_DRIVERS_SELECT=set:*lvp*")
  set_property(TEST mockxr_run_driver_probe_no_driver APPEND PROPERTY ENVIRONMENT_MODIFICATION
               "VK_ICD_FILENAMES=unset:" "VK_DRIVER_FILES=unset:" "VK_LOADER_DRIVERS_SELECT=set:*no-such-driver*")
endif()

# ---- end to end: a real app that breaks a rule -> mockxr counts the error -> mockxr-run fails (exit 1) ----
if(TARGET mockxr)
  add_executable(mockxr_run_badapp "${CMAKE_CURRENT_LIST_DIR}/run_badapp.c")
  target_link_libraries(mockxr_run_badapp PRIVATE OpenXR::openxr_loader OpenXR::headers)
  mxrun_test(real_app_rule_broken 1 "--frames|100|--clock|virtual|--|$<TARGET_FILE:mockxr_run_badapp>"
             "xrBeginFrame|mockxr diagnosed 1 error(s)|frames 5")
  # A scripted session loss (run frame 2) that the app survives with a new session: the loss fires once
  # (the timeline is run-wide), and the XR_ERROR_SESSION_LOST answers are no rule violation -> exit 0.
  mxrun_test(real_app_survives_loss 0
             "--frames|100|--clock|virtual|--script|${CMAKE_CURRENT_LIST_DIR}/run_loss_script.json|--|$<TARGET_FILE:mockxr_run_badapp>|loss"
             "errors 0   lost returns 1|frames 7|OK: " "mockxr: error")
  # An app that reads stdin until end of input after destroying its instance: mockxr-run closes the pipe
  # when mockxr says the instance is gone (MOCKXR_NOTIFY_FD), so the run ends by itself long before the
  # 60 s timeout (a run killed at the timeout would exit 4).
  mxrun_test(real_app_reads_stdin_after_instance 0 "--clock|virtual|--timeout|60|--|$<TARGET_FILE:mockxr_run_badapp>|stdin"
             "stdin reached end of input|frames 5|OK: " "did not end within")
  # Issue 13 item 6: the DEB package, unpacked, runs a real app (run_package.cmk).
  find_program(FXR_DPKG_DEB dpkg-deb)
  if(FXR_DPKG_DEB)
    add_test(NAME mockxr_run_package_deb
             COMMAND ${CMAKE_COMMAND} "-DCPACK=${CMAKE_CPACK_COMMAND}" "-DBUILD_DIR=${CMAKE_BINARY_DIR}"
                     "-DDIR=${CMAKE_CURRENT_BINARY_DIR}/mxrun_package" "-DFAKEAPP=${MXRUN_FAKE}"
                     "-DREALAPP=$<TARGET_FILE:mockxr_run_badapp>" -P "${CMAKE_CURRENT_LIST_DIR}/run_package.cmk")
    set_tests_properties(mockxr_run_package_deb PROPERTIES LABELS mockxr TIMEOUT 300 ENVIRONMENT "${FXR_TEST_ENV}")
    set_property(TEST mockxr_run_package_deb APPEND PROPERTY ENVIRONMENT
                 "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")
  endif()
  # Debian's OpenXR loader 1.0.20 leaks its per-instance data (CORE's suppression file names only the loader).
  foreach(t IN ITEMS real_app_rule_broken real_app_survives_loss real_app_reads_stdin_after_instance)
    set_property(TEST mockxr_run_${t} APPEND PROPERTY ENVIRONMENT
                 "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/core_lsan.supp")
  endforeach()
endif()

# ---- end to end: the unmodified Khronos hello_xr (Debian's libopenxr-utils) on mockxr + lavapipe ----
# hello_xr quits when its stdin reaches end-of-input; mockxr-run's default stdin (an open pipe that
# stays silent) keeps it running until mockxr requests the exit after --frames.
find_program(FXR_HELLO_XR hello_xr)
if(TARGET mockxr AND FXR_HELLO_XR AND FXR_LVP_ICD)
  foreach(variant IN ITEMS plain validation)
    set(extra "")
    if(variant STREQUAL "validation")
      set(extra "--validation|")
    endif()
    add_test(NAME mockxr_run_hello_xr_${variant}
             COMMAND ${CMAKE_COMMAND}
                     "-DCMD=${MXRUN}|--frames|60|--clock|virtual|--view-size|256x256|${extra}--|${FXR_HELLO_XR}|-g|Vulkan2"
                     -DEXPECT_RC=0
                     "-DEXPECT=XR_SESSION_STATE_VISIBLE->XR_SESSION_STATE_FOCUSED|XR_SESSION_STATE_STOPPING|XR_SESSION_STATE_IDLE->XR_SESSION_STATE_EXITING|errors 0|OK: "
                     "-DEXPECT_REGEX=frames (6[0-9]|[7-9][0-9]|[1-9][0-9][0-9]+) +with projection layer [1-9]"
                     -P "${MXRUN_CHECK}")
    set_tests_properties(mockxr_run_hello_xr_${variant} PROPERTIES LABELS mockxr TIMEOUT 60
                         ENVIRONMENT "${FXR_TEST_ENV}")
    if(FXR_SANITIZE)
      # A sanitized libmockxr.so inside an uninstrumented app needs the ASan runtime loaded first; the
      # leaks LSan then finds are hello_xr's, lavapipe's and the loader's, not ours.
      execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so OUTPUT_VARIABLE fxr_libasan
                      OUTPUT_STRIP_TRAILING_WHITESPACE)
      set_property(TEST mockxr_run_hello_xr_${variant} APPEND PROPERTY ENVIRONMENT
                   "LD_PRELOAD=${fxr_libasan}" "ASAN_OPTIONS=detect_leaks=0")
    endif()
  endforeach()
  # Issue 13 item 5: an app that reads stdin until end of input after its session ended (the shell's
  # `read` here; hello_xr itself with glibc >= 2.39) must end by itself: mockxr-run closes its stdin once
  # mockxr reports the session EXITING (run_then_read_stdin.sh: the issue's `sh -c '... && read'` in a
  # file, as '|' separates MXRUN_CHECK's arguments). Without that the shell waits on the open pipe until the 60 s
  # timeout and is killed (exit 4).
  add_test(NAME mockxr_run_hello_xr_stdin_eof
           COMMAND ${CMAKE_COMMAND}
                   "-DCMD=${MXRUN}|--frames|120|--clock|virtual|--view-size|256x256|--timeout|60|--|sh|${CMAKE_CURRENT_LIST_DIR}/run_then_read_stdin.sh|${FXR_HELLO_XR}|-g|Vulkan2"
                   -DEXPECT_RC=0 "-DEXPECT=XR_SESSION_STATE_EXITING|errors 0|OK: " -P "${MXRUN_CHECK}")
  set_tests_properties(mockxr_run_hello_xr_stdin_eof PROPERTIES LABELS mockxr TIMEOUT 90
                       ENVIRONMENT "${FXR_TEST_ENV}")
  # Issue 13 items 1-3: the window under a private Xvfb, driven by xdotool (window_desk.sh).
  find_program(FXR_XVFB Xvfb)
  find_program(FXR_XDOTOOL xdotool)
  find_program(FXR_IMPORT import)
  find_program(FXR_XDPYINFO xdpyinfo)
  find_package(X11 QUIET)
  if(MOCKXR_HAVE_WINDOW AND FXR_XVFB AND FXR_XDOTOOL AND FXR_IMPORT AND FXR_XDPYINFO AND X11_FOUND)
    add_executable(mockxr_window_close "${CMAKE_CURRENT_LIST_DIR}/window_close.c")
    target_link_libraries(mockxr_window_close PRIVATE X11::X11)
    add_test(NAME mockxr_window_desk
             COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/window_desk.sh" "${MXRUN}" "${FXR_HELLO_XR}"
                     "$<TARGET_FILE:mockxr_window_close>" "${CMAKE_CURRENT_BINARY_DIR}/window_desk")
    set_tests_properties(mockxr_window_desk PROPERTIES LABELS mockxr TIMEOUT 300 ENVIRONMENT "${FXR_TEST_ENV}")
    if(FXR_SANITIZE)
      # SDL2 (dlopen'ed) and X11 keep allocations for the process's life: not ours to free.
      set_property(TEST mockxr_window_desk APPEND PROPERTY ENVIRONMENT
                   "LD_PRELOAD=${fxr_libasan}" "ASAN_OPTIONS=detect_leaks=0")
    endif()
  else()
    message(STATUS "mockxr_window_desk not added: needs the window (libsdl2-dev, libstb-dev), Xvfb, xdotool, "
                   "imagemagick, x11-utils and libx11-dev")
  endif()
  # Issue 13 items 3 and 4: record -> replay -> replay (identical) -> --update / --compare (run_record_replay.cmk).
  add_test(NAME mockxr_run_record_replay_compare
           COMMAND ${CMAKE_COMMAND} "-DMXRUN=${MXRUN}" "-DHELLO_XR=${FXR_HELLO_XR}"
                   "-DINPUT=${CMAKE_CURRENT_LIST_DIR}/run_record_replay.json"
                   "-DDIR=${CMAKE_CURRENT_BINARY_DIR}/mxrun_record_replay" -P "${CMAKE_CURRENT_LIST_DIR}/run_record_replay.cmk")
  set_tests_properties(mockxr_run_record_replay_compare PROPERTIES LABELS mockxr TIMEOUT 240
                       ENVIRONMENT "${FXR_TEST_ENV}")
  if(FXR_SANITIZE)
    set_property(TEST mockxr_run_hello_xr_stdin_eof mockxr_run_record_replay_compare APPEND PROPERTY ENVIRONMENT
                 "LD_PRELOAD=${fxr_libasan}" "ASAN_OPTIONS=detect_leaks=0")
  endif()
endif()
endif()
