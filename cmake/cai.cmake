# Project-wide compiler rules and test helpers.

add_compile_options(-Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes
                    -Wmissing-prototypes -Wvla -Wformat=2)
include_directories(${CMAKE_SOURCE_DIR}/include)

if(CAI_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -O1 -g)
  add_link_options(-fsanitize=address,undefined)
endif()

if(CAI_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CAI_FUZZ needs clang (configure with CC=clang)")
  endif()
  # Instrument everything for coverage; the fuzz targets add -fsanitize=fuzzer at link.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -g)
  add_link_options(-fsanitize=address,undefined)
endif()

# Exit code a test uses to say "skipped" (for example when ../shared is absent).
set(CAI_SKIP_RC 77)

# cai_add_test(NAME <name> COMMAND <cmd...> [LABELS <l...>] [NEEDS_SHARED])
# Registers a CTest test. NEEDS_SHARED tests receive CAI_SHARED_DIR in the
# environment and must exit 77 (reported as "Skipped") when it is missing.
function(cai_add_test)
  cmake_parse_arguments(T "NEEDS_SHARED" "NAME" "COMMAND;LABELS" ${ARGN})
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  set(_env "CAI_SHARED_DIR=${CAI_SHARED_DIR}"
           "CAI_BIN_DIR=${CMAKE_BINARY_DIR}/bin"
           "CAI_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
           "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0"
           "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
  set_tests_properties(${T_NAME} PROPERTIES
    SKIP_RETURN_CODE ${CAI_SKIP_RC}
    ENVIRONMENT "${_env}"
    LABELS "${T_LABELS}")
endfunction()

# cai_add_fuzzer(NAME <name> SOURCES <src...> LIBS <libs...> [CORPUS <dir...>])
# Builds a libFuzzer target when CAI_FUZZ is on and registers a short run of it
# (label "fuzz"); `make fuzz` runs the same binaries for longer.
set(CAI_FUZZ_SECONDS 20 CACHE STRING "Seconds per fuzz target in the short run")
function(cai_add_fuzzer)
  cmake_parse_arguments(F "" "NAME" "SOURCES;LIBS;CORPUS" ${ARGN})
  if(NOT CAI_FUZZ)
    return()
  endif()
  add_executable(${F_NAME} ${F_SOURCES})
  target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
  target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
  set(_corpus ${CMAKE_BINARY_DIR}/fuzz-corpus/${F_NAME})
  file(MAKE_DIRECTORY ${_corpus})
  add_test(NAME fuzz.${F_NAME}
           COMMAND $<TARGET_FILE:${F_NAME}> -max_total_time=${CAI_FUZZ_SECONDS}
                   -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${_corpus} ${F_CORPUS})
  set_tests_properties(fuzz.${F_NAME} PROPERTIES LABELS fuzz
    ENVIRONMENT "CAI_SHARED_DIR=${CAI_SHARED_DIR}")
endfunction()
