#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The whole help of a cai program, for help2man: `PROG --help` (and, for
# cai, `cai help`), then the help of every subcommand it lists, two levels
# deep, each under a "Command PROG SUB:" heading. The subcommands are found
# by the bash completion's own reader (packaging/completion/cai.bash), so the
# man page, the completion and --help are one source.
# usage: help-all.sh PROG [--help]   (help2man runs it with --help)
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../completion/cai.bash
source "$here/../completion/cai.bash"
prog=$1
name=${prog##*/}

"$prog" --help
if [[ $name == cai ]]; then
    printf '\nShell commands:\n'
    "$prog" help
fi
section() { # PATH...: the help of PROG PATH..., indented under a heading
    local text
    text=$(_cai_help_text "$prog" "$@")
    [[ -n $text ]] || return 0
    printf '\nCommand %s %s:\n' "$name" "$*"
    sed 's/^/  /' <<<"$text"
}
top=$(_cai_help_text "$prog" | _cai_subcommands "$name" "$name")
for sub in $top; do
    [[ $name == cai && ($sub == help || $sub == exit) ]] && continue
    section "$sub"
    for subsub in $(_cai_help_text "$prog" "$sub" | _cai_subcommands "$name" "$sub"); do
        section "$sub" "$subsub"
    done
done
