#!/usr/bin/env python3
"""Runs the workbook's notebooks with the evcxr Rust kernel, headless.

    execute.py update NOTEBOOK...         run each notebook and save its outputs in place
    execute.py compare NOTEBOOK...        run a copy of each and fail if an output differs
                                          from the one saved in the notebook
    execute.py run NOTEBOOK...            run each and fail on any cell error (the
                                          reference variant: also on «pendiente»)

Every notebook runs with the kernel's working directory set to --cwd
(default: notebooks/), because the cells' `:dep` paths are relative to it.
A cell error (a compile error, or a panic when the kernel is configured with
`:preserve_vars_on_panic 0`) fails the run. Prints how long each notebook and
its first code cell took; --timings FILE also writes them as JSON.

Needs: nbclient, nbformat, and the kernel `rust` (`evcxr_jupyter --install`).
"""

import argparse
import datetime
import json
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parents[2]

# What a `check!` cell prints when the student's function is not finished
# or does not agree (notebooks/support/src/render.rs). In the reference
# variant every exercise is finished, so none of these may appear.
UNFINISHED_MARKS = ("tu función: pendiente", "tu función: falló", "✗ ")


def finished_at(cell):
    """When the kernel replied to a cell (from nbclient's timing record)."""
    end = cell.get("metadata", {}).get("execution", {}).get("shell.execute_reply")
    return None if end is None else datetime.datetime.fromisoformat(end.replace("Z", "+00:00"))


def execute(path, cwd, timeout):
    """Runs a notebook; returns the executed copy and timings."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="rust",
        timeout=timeout,
        record_timing=True,
        coalesce_streams=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        client.execute()
    except CellExecutionError as error:
        raise SystemExit(f"error: {path.name}: a cell failed:\n{error}") from None
    total = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    code = [c for c in nb.cells if c.cell_type == "code"]
    # From starting the kernel to the first code cell's result: what a
    # student waits for after opening the notebook and running that cell.
    first = finished_at(code[0]) if code else None
    first = None if first is None else (first - started).total_seconds()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    return nb, {"notebook": path.name, "seconds": round(total, 1),
                "first_cell_seconds": None if first is None else round(first, 1)}


def outputs_text(cell):
    """A cell's outputs as comparable text."""
    parts = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            parts.append(f"[{output.get('name')}]\n{output.get('text', '')}")
        elif kind in ("display_data", "execute_result"):
            for mime, data in sorted(output.get("data", {}).items()):
                text = data if isinstance(data, str) else json.dumps(data, sort_keys=True)
                parts.append(f"[{mime}]\n{text}")
        elif kind == "error":
            parts.append(f"[error] {output.get('ename')}: {output.get('evalue')}")
    return "\n".join(parts)


def compare(saved, executed, name):
    """The differences between the outputs saved in a notebook and a new run."""
    problems = []
    saved_code = [c for c in saved.cells if c.cell_type == "code"]
    new_code = [c for c in executed.cells if c.cell_type == "code"]
    for index, (old, new) in enumerate(zip(saved_code, new_code), start=1):
        if outputs_text(old) != outputs_text(new):
            first_line = old.source.splitlines()[0] if old.source else ""
            problems.append(
                f"{name}, code cell {index} ({first_line!r}):\n"
                f"--- saved\n{outputs_text(old)}\n--- now\n{outputs_text(new)}"
            )
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["update", "compare", "run"])
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--cwd", type=pathlib.Path, default=ROOT / "notebooks")
    parser.add_argument("--timeout", type=int, default=1800,
                        help="seconds one cell may take (the first compiles every dependency)")
    parser.add_argument("--timings", type=pathlib.Path)
    args = parser.parse_args()

    timings, problems = [], []
    for path in args.notebooks:
        executed, timing = execute(path, args.cwd.resolve(), args.timeout)
        timings.append(timing)
        first = timing["first_cell_seconds"]
        print(f"{path.name}: {timing['seconds']:.1f} s"
              + ("" if first is None else f" (first code cell {first:.1f} s)"), flush=True)
        if args.mode == "update":
            nbformat.write(executed, path)
        elif args.mode == "compare":
            problems += compare(nbformat.read(path, as_version=4), executed, path.name)
        else:
            for index, cell in enumerate(c for c in executed.cells if c.cell_type == "code"):
                text = outputs_text(cell)
                for mark in UNFINISHED_MARKS:
                    if mark in text:
                        problems.append(f"{path.name}, code cell {index + 1}: {mark!r} in\n{text}")
    total = sum(t["seconds"] for t in timings)
    print(f"all {len(timings)} notebooks: {total:.1f} s")
    if args.timings:
        args.timings.write_text(json.dumps({"total_seconds": round(total, 1),
                                            "notebooks": timings}, indent=1) + "\n")
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        if args.mode == "compare":
            print("\nerror: the saved outputs are not what the notebooks print now: "
                  "run `bash .ci/notebooks --update` and review the diff", file=sys.stderr)
        else:
            print("\nerror: with the reference solutions every exercise cell must agree",
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
