"""The Faust side: thin wiring around the pure core."""
