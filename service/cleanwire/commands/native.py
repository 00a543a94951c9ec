"""`cleanwire native`: compile the core's hot modules with mypyc (`build`), or say what this process runs (`status`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any


def run(args: argparse.Namespace) -> int:
    from cleanwire import native

    if args.action == "build":
        try:
            built = native.build()
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"compiled core not built ({exc}); cleanwire runs the interpreted modules", file=sys.stderr)
            return 1
        print(f"compiled {len(built)} modules into {native.BUILD_DIR}: {', '.join(built)}")
        return 0
    print(f"{'compiled' if native.active() else 'interpreted'}: {native.state().why}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("native", help="compile the core's hot modules with mypyc (build), or show which run (status)")
    p.add_argument("action", choices=("build", "status"))
    p.set_defaults(run=run)
