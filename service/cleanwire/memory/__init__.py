"""Learning from the stream (groundwork, not yet wired into the worker): per-site paragraph memory and
near-duplicate signatures. Pure code with JSON-able state, so that Faust tables can hold it."""
