# `cpack -G DEB` (in the build tree): the mockxr package for other projects' CI — libmockxr.so, its manifest
# under share/openxr/1/, mockxr-run and docs/mockxr.md. Only the "mockxr" install component goes in (factoryxr
# and its tools are not part of it). Paths inside are relative (manifest -> library, mockxr-run -> manifest), so
# the package works at /usr as well as unpacked anywhere (dpkg-deb -x).
install(FILES "${PROJECT_SOURCE_DIR}/docs/mockxr.md" DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/doc/mockxr" COMPONENT mockxr)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mockxr)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "strict headless OpenXR runtime for CI (mockxr) and mockxr-run")
set(CPACK_PACKAGE_CONTACT "FactoryXR maintainers <factoryxr@localhost>")
set(CPACK_COMPONENTS_ALL mockxr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The libraries libmockxr.so and mockxr-run load (Vulkan loader, cJSON, libpng), found by dpkg-shlibdeps; the
# app needs the OpenXR loader and, without a GPU, lavapipe.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenxr-loader1, mesa-vulkan-drivers")
include(CPack)
