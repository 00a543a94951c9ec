"""Pure text work: no Kafka, no Faust, no network, no file I/O.

Where a compiled build of the hot modules matches these sources (`cleanwire.native`), it is found first."""

from cleanwire.native import install

install(__path__)
