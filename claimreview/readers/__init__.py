"""One module per input format; each ends in a Document (or a stream of records)."""
