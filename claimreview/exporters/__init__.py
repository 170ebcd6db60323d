"""One module per output format: Document -> text or files, checked before anything is written."""
