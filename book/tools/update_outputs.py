#!/usr/bin/env python3
"""Rewrites the output blocks of the book with what the snippets print.

Each snippet `book/snippets/src/bin/<name>.rs` is shown in a chapter followed
by `<!-- salida: <name> -->` and a ```text block. After changing a snippet,
run this script (from anywhere) and review the diff; `cargo test -p
book-snippets` checks that the book and the programs agree.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent.parent
# The block may be empty (a new snippet): its body, if any, ends with a newline.
BLOCK = re.compile(r"<!-- salida: (\w+) -->\n```text\n(?:.*?\n)??```", re.S)


def build():
    """Builds the snippets and returns {name: path of the executable}."""
    out = subprocess.run(
        ["cargo", "build", "-q", "-p", "book-snippets", "--bins", "--message-format=json"],
        cwd=BOOK.parent, check=True, capture_output=True, text=True,
    ).stdout
    exes = {}
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
            exes[msg["target"]["name"]] = msg["executable"]
    return exes


def main():
    exes = build()
    missing = set()
    for chapter in sorted((BOOK / "src").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")

        def replace(match):
            name = match.group(1)
            if name not in exes:
                missing.add(name)
                return match.group(0)
            printed = subprocess.run([exes[name]], check=True, capture_output=True, text=True).stdout
            return f"<!-- salida: {name} -->\n```text\n{printed.rstrip()}\n```"

        new = BLOCK.sub(replace, text)
        if new != text:
            chapter.write_text(new, encoding="utf-8")
            print(f"updated {chapter.relative_to(BOOK)}")
    if missing:
        sys.exit(f"no snippet program for: {', '.join(sorted(missing))}")


if __name__ == "__main__":
    main()
