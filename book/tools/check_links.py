#!/usr/bin/env python3
"""Checks the internal links of the built book.

Every relative href/src in the generated HTML must point to a file that
exists, and every #fragment to an element with that id in the target page.
Usage: check_links.py BOOK_HTML_DIR
"""

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL = ("http:", "https:", "mailto:", "javascript:", "data:", "ftp:")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.refs = []  # (attribute, value, line)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            elif name in ("href", "src"):
                self.refs.append((name, value, self.getpos()[0]))


def parse(path, cache):
    if path not in cache:
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        cache[path] = page
    return cache[path]


def main():
    root = Path(sys.argv[1]).resolve()
    cache = {}
    problems = []
    checked = 0
    pages = sorted(p for p in root.rglob("*.html") if p.name != "404.html")
    if not pages:
        sys.exit(f"no HTML pages in {root}")
    for page_path in pages:
        page = parse(page_path, cache)
        for attr, value, line in page.refs:
            if value.lower().startswith(EXTERNAL) or value.startswith("//"):
                continue
            parts = urlsplit(value)
            fragment = unquote(parts.fragment)
            target = page_path
            if parts.path:
                target = (page_path.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
            where = f"{page_path.relative_to(root)}:{line}"
            checked += 1
            if root not in target.parents and target != root:
                problems.append(f"{where}: {value} leaves the book")
                continue
            if not target.is_file():
                problems.append(f"{where}: {value}: {target.relative_to(root)} does not exist")
                continue
            if fragment and target.suffix == ".html":
                if fragment not in parse(target, cache).ids:
                    problems.append(f"{where}: {value}: no element with id {fragment!r}")
    problems = list(dict.fromkeys(problems))  # an image may be referenced twice
    for p in problems:
        print(p)
    print(f"check_links: {checked} internal links in {len(pages)} pages, {len(problems)} broken")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
