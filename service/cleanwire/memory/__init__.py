"""What the worker learns from the stream: per-site paragraph memory (`site`) and near-duplicate
signatures (`duplicates`), used by the memory stage (`stream/agents.py`, agent `remember`, tables `sites` and
`near-duplicates`). Pure code with JSON-able state, so that Faust tables can hold it; no Faust or Kafka here."""
