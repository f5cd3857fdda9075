"""Shell completion: dmtx's own scripts for bash, zsh and fish, and the names they ask dmtx for.

`dmtx completion SHELL` (dmtx.cli.app) prints a script. On Tab the script runs dmtx with the line so far in
`_DMTX_WORDS` (and `_DMTX_COMPLETE` set); dmtx prints the names that fit, one per line as
"name<TAB>meaning", and the script hands them to the shell so that a name with a space
("Carimune NF") is inserted quoted. Where a name is wanted, nothing falls back to file names.
What fits is read from the commands themselves (their options and completion callbacks).
"""

from __future__ import annotations

import os
import shlex
from typing import Any

import typer

from dmtx.output import write_stdout

ENV_FLAG, ENV_WORDS = "_DMTX_COMPLETE", "_DMTX_WORDS"

BASH = r"""# dmtx completion for bash: add  eval "$(dmtx completion bash)"  to ~/.bashrc
_dmtx_completion() {
    local IFS=$'\n' found name
    found=$(_DMTX_COMPLETE=1 _DMTX_WORDS="${COMP_LINE:0:$COMP_POINT}" "$1" 2>/dev/null)
    COMPREPLY=()
    for name in $found; do
        # printf %q escapes spaces and quotes, so a two-word name stays one argument.
        COMPREPLY+=("$(printf '%q' "${name%%$'\t'*}")")
    done
    return 0
}
complete -F _dmtx_completion dmtx
"""

ZSH = r"""#compdef dmtx
# dmtx completion for zsh: add  eval "$(dmtx completion zsh)"  to ~/.zshrc (after compinit)
_dmtx_completion() {
    local -a found
    found=("${(@f)$(_DMTX_COMPLETE=1 _DMTX_WORDS="${BUFFER[1,$CURSOR]}" dmtx 2>/dev/null)}")
    [[ -z "${found[1]}" ]] && return 1
    # compadd quotes spaces and other special characters in what it inserts.
    compadd -- "${found[@]%%$'\t'*}"
}
compdef _dmtx_completion dmtx
"""

FISH = r"""# dmtx completion for fish: dmtx completion fish > ~/.config/fish/completions/dmtx.fish
complete --command dmtx --no-files --arguments "(env _DMTX_COMPLETE=1 _DMTX_WORDS=(commandline -cp) dmtx)"
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def _split(line: str) -> tuple[list[str], str]:
    """The words typed before the cursor, and the word being completed ('' after a space)."""
    try:
        words = shlex.split(line)
    except ValueError:  # an open quote: the word being typed
        words = line.split()
    if line.endswith((" ", "\t")) and not line.endswith("\\ "):
        return words[1:], ""
    return words[1:-1], words[-1] if len(words) > 1 else ""


def _takes_value(param: Any) -> bool:
    return param.param_type_name == "option" and not param.is_flag and not param.count


def _option_for(command: Any, word: str) -> Any:
    return next((p for p in command.params if word in p.opts), None)


def candidates(root: Any, line: str) -> list[tuple[str, str]]:
    """(name, meaning) pairs that complete the last word of a command line for the root command."""
    words, incomplete = _split(line)
    command: Any = root
    ctx = typer.Context(command)
    position = 0  # how many arguments of the command have been given
    waiting: Any = None  # an option whose value comes next
    for word in words:
        if waiting is not None:
            waiting = None
            continue
        if word.startswith("-"):
            option = _option_for(command, word.split("=", 1)[0])
            waiting = option if option is not None and _takes_value(option) and "=" not in word else None
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands and word in subcommands:
            command = subcommands[word]
            ctx = typer.Context(command, parent=ctx)
            position = 0
            continue
        position += 1
    if waiting is not None:
        return _items(waiting, ctx, incomplete)
    if incomplete.startswith("-"):
        return sorted(
            (opt, "")
            for p in command.params
            if p.param_type_name == "option"
            for opt in p.opts
            if opt.startswith(incomplete)
        )
    subcommands = getattr(command, "commands", None)
    if subcommands:
        return sorted(
            (name, sub.get_short_help_str(60))
            for name, sub in subcommands.items()
            if name.startswith(incomplete) and not sub.hidden
        )
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    if not arguments:
        return []
    argument = arguments[min(position, len(arguments) - 1)]
    return _items(argument, ctx, incomplete)


def _items(param: Any, ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return [(item.value, item.help or "") for item in param.shell_complete(ctx, incomplete)]


def answer_completion(root: Any) -> bool:
    """When a completion script is asking (_DMTX_COMPLETE set), print the names that fit and return True."""
    if not os.environ.get(ENV_FLAG):
        return False
    found = candidates(root, os.environ.get(ENV_WORDS, ""))
    write_stdout("".join(f"{name}\t{' '.join(meaning.split())}\n" for name, meaning in found))
    return True
