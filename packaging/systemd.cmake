# SPDX-License-Identifier: Apache-2.0
# The systemd files (platform/host/systemd): the system unit (cai-spe under
# its own user, made by sysusers) and the user unit (the development mode as
# a user service). The sources name /usr/bin/cai-spe; the installed copies
# name the real ${bindir}. Directories are relative to the prefix (so
# PREFIX=/tmp/x installs under /tmp/x); a distribution sets them to
# /usr/lib/systemd/... with -DCAI_SYSTEMD_SYSTEM_UNIT_DIR=... and friends.
set(CAI_SYSTEMD_SYSTEM_UNIT_DIR ${CMAKE_INSTALL_LIBDIR}/systemd/system CACHE STRING
    "Where the system unit cai-spe.service is installed (relative: to the prefix)")
set(CAI_SYSTEMD_USER_UNIT_DIR ${CMAKE_INSTALL_LIBDIR}/systemd/user CACHE STRING
    "Where the user unit cai-spe.service is installed (relative: to the prefix)")
set(CAI_SYSUSERS_DIR ${CMAKE_INSTALL_LIBDIR}/sysusers.d CACHE STRING
    "Where cai.sysusers is installed as cai.conf (relative: to the prefix)")

set(_sd ${CMAKE_SOURCE_DIR}/platform/host/systemd)
set(_out ${CMAKE_CURRENT_BINARY_DIR}/systemd)
# Written at install time, so the unit names the prefix given to
# `cmake --install --prefix` (make install PREFIX=...), not the configured one.
install(CODE "
  foreach(_pair \"cai-spe.service=system\" \"cai-spe-user.service=user\")
    string(REPLACE \"=\" \";\" _pair \${_pair})
    list(GET _pair 0 _src)
    list(GET _pair 1 _kind)
    file(READ \"${_sd}/\${_src}\" _text)
    string(REPLACE \"/usr/bin/cai-spe\" \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/cai-spe\"
           _text \"\${_text}\")
    file(WRITE \"${_out}/\${_kind}/cai-spe.service\" \"\${_text}\")
  endforeach()")
install(FILES ${_out}/system/cai-spe.service DESTINATION ${CAI_SYSTEMD_SYSTEM_UNIT_DIR})
install(FILES ${_out}/user/cai-spe.service DESTINATION ${CAI_SYSTEMD_USER_UNIT_DIR})
install(FILES ${_sd}/cai.sysusers DESTINATION ${CAI_SYSUSERS_DIR} RENAME cai.conf)
