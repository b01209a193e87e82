# sockstream_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>] [NO_INSTALL])
#
# NO_INSTALL: a plugin built only for tests, left out of `cmake --install`.
# Builds lib/sockstream/libsockstream-<name>.so against the public SDK only.
# Used in-tree and, installed, by out-of-tree plugins after find_package(SockStream).
function(sockstream_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "" "SOURCES;LIBRARIES" ${ARGN})
  set(target sockstream-${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET SockStream::sdk)
    target_link_libraries(${target} PRIVATE SockStream::sdk ${ARG_LIBRARIES})
  else()
    target_link_libraries(${target} PRIVATE sockstream ${ARG_LIBRARIES})
  endif()
  # The SDK headers are C++20, and host and plugins must agree on the language level.
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED SOCKSTREAM_PLUGIN_OUTPUT_DIRECTORY)
    # In-tree: next to the server in build/lib/sockstream, installed to lib/sockstream.
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${SOCKSTREAM_PLUGIN_OUTPUT_DIRECTORY}
      BUILD_RPATH "$ORIGIN/.."
      INSTALL_RPATH "$ORIGIN/..")
    if(NOT ARG_NO_INSTALL)
      install(TARGETS ${target} LIBRARY DESTINATION lib/sockstream)
    endif()
  endif()
  # A plugin must resolve every symbol at load time, not at first call.
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
endfunction()
