"""Long output through a pager, as git does: $PAGER, else `less` with colours and quit-if-short."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

LESS_DEFAULT = "FRX"
"""less options unless $LESS is set: quit when it fits one screen, pass colours, leave the text on screen."""


def page(text: str) -> None:
    """TEXT through the user's pager; printed as it is when there is none to run."""
    command = os.environ.get("PAGER", "").strip() or "less"
    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULT)
    try:
        argv = shlex.split(command)
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):  # no such pager, or a $PAGER that does not parse: no paging
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        proc.stdin.write(text.encode(encoding, errors="replace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):  # the reader quit before the end: nothing more to show
        pass
    while True:
        try:
            proc.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less searches with it); wait on
            continue
