# SPDX-License-Identifier: Apache-2.0
# Man pages, made by help2man from each program's help (man/help-all.sh:
# --help and every subcommand's --help), plus a short hand-written part
# (man/<prog>.h2m: files, environment, see also) that repeats no option; and
# the bash completion, which reads the same help at Tab time. Neither can
# drift from --help. Without help2man (Debian package help2man) no man page
# is built or installed, and configure says so.
find_program(CAI_HELP2MAN help2man)
# Instrumented builds are never installed (and a sanitizer's exit report
# would end up in a page): no man pages there.
if(CAI_SANITIZE OR CAI_FUZZ)
  set(CAI_HELP2MAN "")
endif()
set(_man_src ${CMAKE_CURRENT_SOURCE_DIR}/man)
set(_man_out ${CMAKE_CURRENT_BINARY_DIR}/man)
set(_pages)
set(CAI_MAN_NAMES
  "cai=the cai non-secure shell and command line"
  "cai-spe=the cai secure processing environment (host backend)"
  "cai-cloud=cai device CA, inference result verifier and COSE tool"
  "cai-model=inspect, run, benchmark and train .tflite models with the cai engine")
if(CAI_HELP2MAN)
  foreach(_entry IN LISTS CAI_MAN_NAMES)
    string(FIND "${_entry}" "=" _eq)
    string(SUBSTRING "${_entry}" 0 ${_eq} _prog)
    math(EXPR _eq "${_eq} + 1")
    string(SUBSTRING "${_entry}" ${_eq} -1 _desc)
    # help2man names the page after the program it runs: a wrapper of that
    # name gives it the real binary's --help. The subcommands' help goes
    # verbatim into a generated include (a COMMANDS section).
    file(GENERATE OUTPUT ${_man_out}/wrap/${_prog}
         CONTENT "#!/bin/sh\nexec bash '${_man_src}/help-all.sh' '$<TARGET_FILE:${_prog}>' \"$@\"\n"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                          WORLD_READ WORLD_EXECUTE)
    add_custom_command(
      OUTPUT ${_man_out}/${_prog}.1
      COMMAND bash ${_man_src}/help-all.sh --h2m $<TARGET_FILE:${_prog}> ${_man_out}/${_prog}.cmds.h2m
      COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C.UTF-8 HOME=${_man_out}
              ${CAI_HELP2MAN} --no-info --version-string=${PROJECT_VERSION} "--name=${_desc}"
              --section=1 --include=${_man_src}/${_prog}.h2m
              --opt-include=${_man_out}/${_prog}.cmds.h2m
              --output=${_man_out}/${_prog}.1 ${_man_out}/wrap/${_prog}
      DEPENDS ${_prog} ${_man_src}/help-all.sh ${CMAKE_CURRENT_SOURCE_DIR}/completion/cai.bash
              ${_man_src}/${_prog}.h2m
      COMMENT "Man page ${_prog}.1 (help2man)"
      VERBATIM)
    list(APPEND _pages ${_man_out}/${_prog}.1)
  endforeach()
  install(FILES ${_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man pages (apt-get install help2man)")
endif()
add_custom_target(cai_man DEPENDS ${_pages})

# bash completion: one script, installed under each program's name (bash
# loads share/bash-completion/completions/<command> on first use).
foreach(_prog cai cai-spe cai-cloud cai-model)
  install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/completion/cai.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${_prog})
endforeach()
