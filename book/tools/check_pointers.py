#!/usr/bin/env python3
"""Checks the grader's pointers to the book against the built book.

Reads the output of `cargo run -p grader -- list` on standard input and, for
every address `http://localhost:3000/<page>.html#<anchor>` in it, checks that
the built book has that page and an element with that id.
Usage: cargo run -q -p grader -- list | check_pointers.py BOOK_HTML_DIR
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ADDRESS = re.compile(r"http://localhost:3000/(\S+?\.html)(?:#(\S+))?")


class Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)


def main():
    root = Path(sys.argv[1]).resolve()
    listing = sys.stdin.read()
    found = ADDRESS.findall(listing)
    if not found:
        sys.exit("check_pointers: no book addresses in the grader's list")
    cache = {}
    problems = []
    for page, anchor in found:
        path = root / page
        if not path.is_file():
            problems.append(f"{page}: no such page in the built book")
            continue
        if path not in cache:
            ids = Ids()
            ids.feed(path.read_text(encoding="utf-8"))
            cache[path] = ids.ids
        if anchor and anchor not in cache[path]:
            problems.append(f"{page}#{anchor}: the page has no element with that id")
    for p in sorted(set(problems)):
        print(p)
    print(f"check_pointers: {len(found)} grader pointers, {len(set(problems))} broken")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
