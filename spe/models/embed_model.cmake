# SPDX-License-Identifier: Apache-2.0
# Writes OUT, a C source holding the bytes of the model file IN as a
# 16-byte-aligned const array named SYMBOL (run with cmake -P at build time,
# so a changed model file is embedded again).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n    " body "${body}")
file(WRITE "${OUT}" "/* Generated from ${NAME_IN_TREE} by spe/models/embed_model.cmake; do not edit. */\n"
  "#include <stddef.h>\n#include <stdint.h>\n"
  "_Alignas(16) const uint8_t ${SYMBOL}[${len}] = {\n    ${body}\n};\n"
  "const size_t ${SYMBOL}_len = ${len};\n")
