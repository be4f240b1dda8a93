# bash completion for jianbao (installed as share/bash-completion/completions/jianbao)
_jianbao() {
    local cur prev cmd
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    cmd="${COMP_WORDS[1]}"
    if [ "$COMP_CWORD" -eq 2 ] && [ "$cmd" = help ]; then
        COMPREPLY=($(compgen -W "render inspect import watch serve fonts" -- "$cur"))
        return
    fi
    if [ "$cmd" = --version ]; then
        case "$prev" in
            -l|--layout) COMPREPLY=($(compgen -f -X '!*.ini' -- "$cur") $(compgen -d -- "$cur")) ;;
            --data-dir|--font-path) COMPREPLY=($(compgen -d -- "$cur")) ;;
            --set) ;;
            *) COMPREPLY=($(compgen -W "--json -l --layout --set --data-dir --font-path" -- "$cur")) ;;
        esac
        return
    fi
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "render inspect import watch serve fonts help --help --version" -- "$cur"))
        return
    fi
    case "$prev" in
        -o|--output|--manifest|--results)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --shard)
            COMPREPLY=($(compgen -W "auto" -- "$cur")); return ;;
        -d|--outdir|--data-dir|--font-path|--pdfjs)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        -l|--layout)
            COMPREPLY=($(compgen -f -X '!*.ini' -- "$cur") $(compgen -d -- "$cur")); return ;;
        --from)
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --complete from 2>/dev/null)" -- "$cur")); return ;;
        --to)
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --complete to 2>/dev/null)" -- "$cur")); return ;;
        --set)
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --complete set 2>/dev/null)" -- "$cur"))
            compopt -o nospace 2>/dev/null; return ;;
        --encoding)
            COMPREPLY=($(compgen -W "UTF-8 GB18030 GBK BIG5 UTF-16" -- "$cur")); return ;;
        --meta)
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --complete meta 2>/dev/null)" -- "$cur"))
            compopt -o nospace 2>/dev/null; return ;;
        -j|--jobs|--shards|--max-input|--port|--host|--queue|--timeout|--render-timeout|--per-client)
            return ;;
        --pages)
            COMPREPLY=($(compgen -W "1 2 3 4 5 6 7 8" -- "$cur")); return ;;
    esac
    if [[ "$cur" == -* ]]; then
        local opts="-o --output -l --layout --set --meta --encoding --from --to --pdfa --allow-missing
                    --condense --pages --max-input --data-dir --font-path -v --verbose -q --quiet -h --help"
        case "$cmd" in
            render) opts="$opts -d --outdir --manifest -j --jobs --shard --shards --results
                          --skip-existing -r --recursive --to --issue" ;;
            inspect) opts="$opts --json --issue" ;;
            import) opts="$opts --issue" ;;
            fonts) opts="--all --font-path --data-dir -q --quiet -h --help" ;;
            serve) opts="--port --host -j --jobs --queue --timeout --render-timeout --per-client --convert --max-input --data-dir --font-path --pdfjs -q --quiet -h --help" ;;
            help) opts="" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -X '!*.@(md|markdown|txt|docx|doc|wps|odt|MD|TXT|DOCX|DOC)' -- "$cur") $(compgen -d -- "$cur"))
}
complete -o filenames -F _jianbao jianbao
