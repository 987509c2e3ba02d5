# SPDX-License-Identifier: Apache-2.0
# bash completion for cai, cai-spe, cai-cloud and cai-model.
#
# Nothing is listed here: every subcommand and option offered is read from
# the program's own help (`PROG [SUBCOMMAND...] --help`, and `cai help` for
# the shell's commands) when Tab is pressed, so completion cannot drift from
# --help. The man pages are generated from the same help text
# (packaging/man/help-all.sh sources this file). docs/packaging.md.

# _cai_help_text PROG [WORD...]: the help of PROG's (sub)command WORD...
_cai_help_text() {
    local prog=$1
    shift
    if [[ $# -eq 0 ]]; then
        "$prog" --help 2>/dev/null
        [[ ${prog##*/} == cai ]] && "$prog" help 2>/dev/null
    elif [[ ${prog##*/} == cai && $1 == help ]]; then
        "$prog" help 2>/dev/null # `cai help CMD`: CMD is a command
    else
        "$prog" "$@" --help 2>/dev/null
    fi
    return 0
}

# _cai_subcommands PROG LASTWORD < HELP: the subcommand names a help text
# lists: the word after LASTWORD on a usage line ("usage: cai-cloud ca init
# DIR", or a continuation line starting with PROG), a name in a column
# before its description ("  keys     device keys"), and the first word of
# each line in a "commands:" section ("  info MODEL [--json]").
_cai_subcommands() {
    local prog=$1 last=$2 line in_cmds=0 w
    local re_col='^ {0,4}([a-z][a-z0-9-]*) {2,}[^ ]'
    local re_cmd='^ {1,4}([a-z][a-z0-9-]*)( +[A-Z<[]| *$)'
    local -a t
    while IFS= read -r line; do
        if [[ $line =~ ^usage: || $line =~ ^[[:space:]]+"$prog"[[:space:]] ]]; then
            read -r -a t <<<"${line#usage:}"
            for ((w = 0; w + 1 < ${#t[@]}; w++)); do
                if [[ ${t[w]} == "$last" && ${t[w + 1]} =~ ^[a-z][a-z0-9-]*$ ]]; then
                    printf '%s\n' "${t[w + 1]}"
                fi
            done
            continue
        fi
        if [[ $line != [[:space:]]* && $line =~ commands:[[:space:]]*$ ]]; then
            in_cmds=1
            continue
        fi
        [[ -z ${line//[[:space:]]/} ]] && in_cmds=0
        if [[ $line =~ $re_col ]]; then
            printf '%s\n' "${BASH_REMATCH[1]}"
        elif [[ $in_cmds -eq 1 && $line =~ $re_cmd ]]; then
            printf '%s\n' "${BASH_REMATCH[1]}"
        fi
    done | awk '!seen[$0]++'
}

# _cai_options < HELP: every long option the help text names, and -h.
_cai_options() {
    grep -oE -- '(^|[^[:alnum:]-])--[a-z][a-z0-9-]*' | sed 's/^[^-]*--/--/' | awk '!seen[$0]++'
    printf '%s\n' -h
}

# _cai_metavar OPTION < HELP: the argument OPTION takes ("--out FILE":
# FILE), or nothing when it takes none.
_cai_metavar() {
    grep -oE -- "$1[ =][A-Z][A-Z0-9_.|-]*" | head -n 1 | sed -E 's/^[^ =]*[ =]//'
}

_cai_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog text i w skip=0 meta
    prog=$(command -v -- "${COMP_WORDS[0]}") || return 0
    local -a path=()
    text=$(_cai_help_text "$prog")
    # The (sub)command path typed so far; options and their arguments are
    # skipped.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if ((skip)); then
            skip=0
            continue
        fi
        if [[ $w == -* ]]; then
            [[ $w != *=* && -n $(_cai_metavar "$w" <<<"$text") ]] && skip=1
            continue
        fi
        local last=${prog##*/}
        ((${#path[@]})) && last=${path[-1]}
        if _cai_subcommands "${prog##*/}" "$last" <<<"$text" | grep -qxF -- "$w"; then
            path+=("$w")
            text=$(_cai_help_text "$prog" "${path[@]}")
        fi
    done
    if [[ $prev == -* ]]; then
        meta=$(_cai_metavar "$prev" <<<"$text")
        if [[ -n $meta ]]; then
            if [[ $meta == *DIR* ]]; then
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            fi
            return 0
        fi
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_cai_options <<<"$text")" -- "$cur")
        return 0
    fi
    local last=${prog##*/} subs
    ((${#path[@]})) && last=${path[-1]}
    subs=$(_cai_subcommands "${prog##*/}" "$last" <<<"$text")
    if [[ -n $subs ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}

complete -F _cai_complete cai cai-spe cai-cloud cai-model
