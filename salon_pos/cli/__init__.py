"""The command line (`salon-pos`): `main` builds the parser and runs a command; `common`
holds what every command shares; each other module is one group of commands."""
