# sockstream_add_fuzzer(<name> SOURCES <files...> [LIBRARIES <targets...>] [CORPUS <dir>])
#
# Every fuzz target defines LLVMFuzzerTestOneInput. With SOCKSTREAM_FUZZ and clang
# it links libFuzzer (scripts/fuzz.sh runs it briefly); otherwise it links a
# replay driver and CTest replays the corpus and the regression inputs (crashes
# found earlier), so every normal build exercises the target.
function(sockstream_add_fuzzer name)
  cmake_parse_arguments(ARG "" "CORPUS" "SOURCES;LIBRARIES" ${ARGN})
  set(target fuzz_${name})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  if(SOCKSTREAM_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  else()
    target_sources(${target} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz/ReplayMain.cpp)
    if(SOCKSTREAM_BUILD_TESTS AND ARG_CORPUS)
      add_test(NAME fuzz_replay_${name} COMMAND ${target} ${ARG_CORPUS})
    endif()
  endif()
endfunction()
