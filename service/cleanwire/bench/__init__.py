"""`cleanwire bench`: the pipeline against its physical limit, measured side by side in one run."""
