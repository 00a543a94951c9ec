"""Pure text work: no Kafka, no Faust, no network, no file I/O."""
