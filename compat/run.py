#!/usr/bin/env python3
"""gramd compatibility suite.

Runs a small bot written with each real bot library (pinned versions) as a subprocess
against its own fresh gramd, in polling mode and, where the library serves webhooks, in
webhook mode, while the suite acts as a user through gramd's JSON client API; then the
example bots that PTB, aiogram and pyTelegramBotAPI publish, unchanged apart from token
and address, each against its own gramd, step by step (suite/examples.py). Prints one
line per run and scenario or step (`PASS ptb media` / `FAIL aiogram-webhook album:
<reason>` / `PASS examples:ptb/pollbot vote`) and a closing `N passed, M failed` line
(and `K expected failures` of examples waiting for a gramd feature); exits 0 only if
nothing failed.

Needs only the Python standard library. Dependencies of the bots are installed by
compat/setup.sh (or `run.py --setup`), never implicitly. The harness is in compat/suite/.

Usage: python3 compat/run.py [--setup] [--gramd PATH] [--only ptb,grammy] [--mode polling|webhook]
                             [--examples [ptb/pollbot,...] | --no-examples] [--jobs N] [--keep]
Environment: GRAMD_BIN (gramd binary), COMPAT_TIMEOUT (seconds per wait, default 15),
COMPAT_JOBS (runs at a time).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from suite.example_scenarios import EXAMPLES
from suite.examples import ExampleRun
from suite.libraries import COMPAT, LIBRARIES, MODES, targets
from suite.scenarios import Run, scenarios_for

ROOT = COMPAT.parent
DEFAULT_JOBS = 8  # measured on a 2-core machine (runs mostly wait); see compat/README.md


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--setup", action="store_true", help="run compat/setup.sh first (installs the bot libraries)")
    ap.add_argument("--gramd", help="gramd binary (default: $GRAMD_BIN or target/release/gramd)")
    ap.add_argument("--only", help="comma-separated library names: " + ",".join(l.name for l in LIBRARIES))
    ap.add_argument("--mode", choices=MODES, help="only this mode (default: both)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("COMPAT_JOBS", DEFAULT_JOBS)),
                    help=f"runs at the same time, each with its own gramd (default {DEFAULT_JOBS})")
    ap.add_argument("--examples", nargs="?", const="all", metavar="NAMES",
                    help="the libraries' example bots: alone, only them; with --only/--mode, them too "
                         "(all, or comma-separated: " + ",".join(e.name for e in EXAMPLES) + ")")
    ap.add_argument("--no-examples", action="store_true", help="skip the libraries' example bots")
    ap.add_argument("--keep", action="store_true", help="keep the run directory (logs, data) afterwards")
    args = ap.parse_args()

    if args.setup:
        r = subprocess.run(["bash", str(COMPAT / "setup.sh")])
        if r.returncode != 0:
            print(f"setup.sh failed with exit code {r.returncode}")
            return 1

    names = None
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = set(names) - {l.name for l in LIBRARIES}
        if unknown:
            ap.error(f"unknown libraries: {', '.join(sorted(unknown))}")
    # --only/--mode pick library runs; --examples alone runs only the examples, and with
    # --only/--mode adds them.
    chosen_libraries = bool(args.only or args.mode)
    with_examples = args.examples is not None
    runs_wanted = (targets(names, (args.mode,) if args.mode else MODES)
                   if chosen_libraries or not with_examples else [])
    examples = EXAMPLES if with_examples or not (chosen_libraries or args.no_examples) else []
    if with_examples and args.examples != "all":
        wanted = {n.strip() for n in args.examples.split(",") if n.strip()}
        unknown = wanted - {e.name for e in EXAMPLES}
        if unknown:
            ap.error(f"unknown examples: {', '.join(sorted(unknown))}")
        examples = [e for e in EXAMPLES if e.name in wanted]

    binary = Path(args.gramd or os.environ.get("GRAMD_BIN") or ROOT / "target" / "release" / "gramd")
    if not binary.is_absolute():
        binary = (Path.cwd() / binary).resolve()
    if not binary.exists():
        print(f"gramd binary not found at {binary} (build it: cargo build --release -p gramd)")
        print(f"0 passed, {sum(len(scenarios_for(t.mode)) for t in runs_wanted) + len(examples)} failed")
        return 1

    run_dir = Path(tempfile.mkdtemp(prefix="gramd-compat-"))
    print(f"gramd {binary}  run dir {run_dir}  {len(runs_wanted)} runs and {len(examples)} examples, "
          f"{args.jobs} at a time", flush=True)
    runs = [Run(t, binary, run_dir / t.name, phone_base=100 * i) for i, t in enumerate(runs_wanted)]
    runs += [ExampleRun(e, binary, run_dir / "examples" / e.name.replace("/", "-"), phone_base=100 * i)
             for i, e in enumerate(examples)]
    started = time.monotonic()
    lock = threading.Lock()

    def one(r: Run) -> None:
        run_started = time.monotonic()
        try:
            r.run()
        except Exception as e:  # a bug in the harness: report it against the run
            done = {name for name, _, _ in r.results}
            r.results += [(s, False, f"harness error: {type(e).__name__}: {e}") for s in r.scenarios if s not in done]
        with lock:
            print(r.report(), flush=True)
            print(f"({r.name}: {time.monotonic() - run_started:.0f}s)", flush=True)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(one, runs))
    finally:
        for r in runs:
            r.kill()
    counts = [r.counts() if isinstance(r, ExampleRun) else
              (sum(ok for _, ok, _ in r.results), sum(not ok for _, ok, _ in r.results), 0) for r in runs]
    passed, failed, expected = (sum(c[i] for c in counts) for i in range(3))
    elapsed = time.monotonic() - started
    print(f"({elapsed:.0f}s; logs in {run_dir})" if (failed or args.keep) else f"({elapsed:.0f}s)")
    if not failed and not args.keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed" + (f", {expected} expected failures" if expected else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
