"""Pure text work: no Kafka, no Faust, no network, no file I/O in the work itself.

On import, a compiled build of the hot modules (`cleanwire.native`) is put first on this package's path where
its manifest says it was compiled from these very sources."""

from cleanwire.native import install

install(__path__)
