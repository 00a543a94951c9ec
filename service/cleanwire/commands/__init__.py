"""One module per `cleanwire` subcommand; see cleanwire.cli."""
