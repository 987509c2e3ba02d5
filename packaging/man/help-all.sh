#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The help of a cai program, for help2man (packaging/man.cmake):
#   help-all.sh PROG --help   PROG's own --help (what help2man formats)
#   help-all.sh --h2m PROG OUT  writes OUT, a help2man include file: a
#                             COMMANDS section with, verbatim, `cai help`
#                             (for cai) and the --help of every subcommand,
#                             two levels deep; no OUT for a program without
#                             subcommands
# The subcommands are found by the bash completion's own reader
# (packaging/completion/cai.bash), so the man page, the completion and
# --help are one source.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../completion/cai.bash
source "$here/../completion/cai.bash"

if [[ $1 != --h2m ]]; then
    exec "$1" --help
fi
prog=$2
out=$3
name=${prog##*/}
rm -f "$out"

# Text as roff no-fill lines: backslashes escaped, '-' a minus (so options
# copy as typed), no line read as a request.
verbatim() {
    printf '.nf\n'
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    printf '.fi\n'
}
section() { # PATH...: the help of PROG PATH..., as a subsection
    local text
    text=$(_cai_help_text "$prog" "$@")
    [[ -n $text ]] || return 0
    printf '.SS "%s %s"\n' "$name" "$*"
    verbatim <<<"$text"
}

top=$(_cai_help_text "$prog" | _cai_subcommands "$name" "$name")
[[ -n $top ]] || exit 0
exec >"$out.tmp"
printf '[COMMANDS]\n'
if [[ $name == cai ]]; then
    printf 'The shell'"'"'s commands (also one-shot: \\fBcai COMMAND ...\\fR):\n'
    "$prog" help | verbatim
fi
for sub in $top; do
    [[ $name == cai && ($sub == help || $sub == exit) ]] && continue
    section "$sub"
    for subsub in $(_cai_help_text "$prog" "$sub" | _cai_subcommands "$name" "$sub"); do
        section "$sub" "$subsub"
    done
done
mv "$out.tmp" "$out"
