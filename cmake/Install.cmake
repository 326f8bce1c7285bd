# `cmake --install build --prefix PREFIX`: the tools in PREFIX/bin, the
# libraries (libdlc and what it links, and the runtime archives `dlc
# compile` links programs with) in PREFIX/lib, the headers in
# PREFIX/include, and a CMake package, so that a driver program outside
# this tree writes
#   find_package(dlc REQUIRED)
#   target_link_libraries(app PRIVATE dlc::dlc)
include(CMakePackageConfigHelpers)

install(TARGETS dlc-cli dlc-opt RUNTIME DESTINATION bin)
install(TARGETS
    dlc DlcImporter DlcLayers DlcModelFile DlcProto DlcTransforms DlcJit
    DlcCpuTarget DlcConversion DlcCodegen DlcDialectTransforms DlcDialect
    DlcRuntime DlcRuntimeCore DlcExecutableMain DlcCInterface
    DlcModelLibrary DlcTrainerMain DlcTrainerLibrary
  EXPORT dlcTargets
  ARCHIVE DESTINATION lib)

if(TARGET dlc-mpi)
  install(TARGETS dlc-mpi LIBRARY DESTINATION lib)
endif()

# Sources' headers, then the generated ones (TableGen's .inc, protoc's).
foreach(dir api runtime frontend compiler passes)
  install(DIRECTORY ${DLC_SOURCE_DIR}/${dir}/include/ DESTINATION include
    FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
endforeach()
foreach(dir compiler/include passes/include frontend/proto)
  install(DIRECTORY ${DLC_BINARY_DIR}/${dir}/ DESTINATION include
    FILES_MATCHING PATTERN "*.h" PATTERN "*.inc")
endforeach()

install(EXPORT dlcTargets NAMESPACE dlc:: DESTINATION lib/cmake/dlc)
configure_package_config_file(${DLC_SOURCE_DIR}/cmake/dlcConfig.cmake.in
  ${DLC_BINARY_DIR}/dlcConfig.cmake INSTALL_DESTINATION lib/cmake/dlc)
install(FILES ${DLC_BINARY_DIR}/dlcConfig.cmake DESTINATION lib/cmake/dlc)
