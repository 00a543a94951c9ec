"""The `cleanwire` command. Each subcommand lives in cleanwire.commands.<name> and
exposes `add_parser(subparsers)`; its parser's `run` default takes the parsed args
and returns the exit code. Subcommands are imported lazily so that `cleanwire clean`
never imports Kafka or Faust."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cleanwire import __version__

SUBCOMMANDS = ("clean", "eval", "eval-dates", "train", "produce", "worker", "check", "consume", "bench", "replay", "native")


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleanwire", description=__doc__.split(".")[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"cleanwire {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = [a for a in argv if a in SUBCOMMANDS][:1] or list(SUBCOMMANDS)
    for name in SUBCOMMANDS:
        if name in wanted:
            try:
                module_name = f"cleanwire.commands.{name.replace('-', '_')}"
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.add_parser(sub)
        else:
            sub.add_parser(name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_in)
    args = parser.parse_args(args_in)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    return int(run(args) or 0)
