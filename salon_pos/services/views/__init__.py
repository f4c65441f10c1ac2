"""Read models: what screens, documents and the command line show, as plain records built
by a handful of queries. Nothing here writes."""
