# SPDX-License-Identifier: Apache-2.0
# Project-wide compiler rules and test helpers.

add_compile_options(-Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes
                    -Wmissing-prototypes -Wvla -Wformat=2)

# ---- Include audiences ------------------------------------------------------
# There is no global include directory: a target sees a header only through
# the audience it links, so an NS target that includes an SPE header does not
# compile (tests/unit/layout proves it).
#   cai_interface    include/       what both sides compile against (PSA client
#                                   API, service table, IPC limits)
#   cai_lib_headers  lib/include/   side-neutral library headers (+ cai_interface)
#   cai_spe_headers  spe/include/   SPE only: psa/service.h, the SPM, the SPE
#                                   port contract (+ cai_interface)
#   cai_nspe_headers nspe/include/  NS only: the shell and its port (+ cai_interface)
add_library(cai_interface INTERFACE)
target_include_directories(cai_interface INTERFACE ${CMAKE_SOURCE_DIR}/include)
add_library(cai_lib_headers INTERFACE)
target_include_directories(cai_lib_headers INTERFACE ${CMAKE_SOURCE_DIR}/lib/include)
target_link_libraries(cai_lib_headers INTERFACE cai_interface)
add_library(cai_spe_headers INTERFACE)
target_include_directories(cai_spe_headers INTERFACE ${CMAKE_SOURCE_DIR}/spe/include)
target_link_libraries(cai_spe_headers INTERFACE cai_interface)
add_library(cai_nspe_headers INTERFACE)
target_include_directories(cai_nspe_headers INTERFACE ${CMAKE_SOURCE_DIR}/nspe/include)
target_link_libraries(cai_nspe_headers INTERFACE cai_interface)

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

# cai_collect_targets(<var> <types> <folder>...): the targets of the given
# types (STATIC_LIBRARY, EXECUTABLE) defined in <folder> or any folder below
# it, as a global property <var>. The layout checks use it so that the lists of
# secure-side and non-secure targets come from where a target is defined, not
# from a list someone must keep up to date.
function(_cai_targets_below dir types out)
  get_property(_targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  set(_found)
  foreach(_t IN LISTS _targets)
    get_target_property(_type ${_t} TYPE)
    if(_type IN_LIST types)
      list(APPEND _found ${_t})
    endif()
  endforeach()
  get_property(_subs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(_s IN LISTS _subs)
    _cai_targets_below(${_s} "${types}" _sub_found)
    list(APPEND _found ${_sub_found})
  endforeach()
  set(${out} ${_found} PARENT_SCOPE)
endfunction()

function(cai_collect_targets var types)
  set(_all)
  foreach(_folder IN LISTS ARGN)
    if(NOT IS_DIRECTORY ${CMAKE_SOURCE_DIR}/${_folder})
      message(FATAL_ERROR "cai_collect_targets: ${_folder} does not exist")
    endif()
    _cai_targets_below(${CMAKE_SOURCE_DIR}/${_folder} "${types}" _found)
    if(NOT _found)
      message(FATAL_ERROR "cai_collect_targets: no target under ${_folder}")
    endif()
    list(APPEND _all ${_found})
  endforeach()
  set_property(GLOBAL PROPERTY ${var} ${_all})
endfunction()

# cai_layout_checks(): the static checks of the S/NS line on the built
# objects, registered once every part has defined its targets.
function(cai_layout_checks)
  get_property(_secure GLOBAL PROPERTY CAI_SECURE_LIBS)
  get_property(_nspe GLOBAL PROPERTY CAI_NSPE_TARGETS)
  set(_secure_files)
  foreach(_l IN LISTS _secure)
    list(APPEND _secure_files $<TARGET_FILE:${_l}>)
  endforeach()
  set(_nspe_files)
  foreach(_t IN LISTS _nspe)
    list(APPEND _nspe_files $<TARGET_FILE:${_t}>)
  endforeach()
  set(_dir ${CMAKE_SOURCE_DIR}/tests/unit/layout)
  # Secure-side code allocates nothing after init (docs/design.md §7). The control
  # is a host tool library known to allocate.
  cai_add_test(NAME layout.secure_libs_no_heap
               COMMAND sh ${_dir}/check_no_heap.sh $<TARGET_FILE:cai_train_sine> -- ${_secure_files}
               LABELS unit)
  # No non-secure object reaches into the SPE's own API. The control is the
  # SPM library, which must be seen to define those symbols.
  cai_add_test(NAME layout.nspe_no_spe_symbols
               COMMAND sh ${_dir}/check_nspe_symbols.sh $<TARGET_FILE:cai_spm> -- ${_nspe_files}
               LABELS unit)
  string(REPLACE ";" " " _secure_names "${_secure}")
  string(REPLACE ";" " " _nspe_names "${_nspe}")
  message(STATUS "secure-side libraries: ${_secure_names}")
  message(STATUS "non-secure targets: ${_nspe_names}")
endfunction()

# cai_spe_target(<target>) / cai_nspe_target(<target>): give a target its
# side's include audience. An SPE target sees spe/include, lib/include and
# include/; an NS target sees nspe/include, lib/include and include/.
function(cai_spe_target t)
  target_link_libraries(${t} PUBLIC cai_spe_headers cai_lib_headers)
endfunction()
function(cai_nspe_target t)
  target_link_libraries(${t} PUBLIC cai_nspe_headers cai_lib_headers)
endfunction()
