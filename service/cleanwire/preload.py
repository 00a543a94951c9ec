"""Imported by the extraction pool's forkserver before it forks its children: every extraction process then
starts with the models and the date parser's data already loaded (shared copy-on-write between them),
so no page pays for loading them. A failure here is left to the children, which load on first need and
report a failure the usual way."""

import contextlib

from cleanwire.core.pipeline import warm

with contextlib.suppress(Exception):
    warm()
