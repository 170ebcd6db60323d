"""How records are spread over processes and machines: ``--jobs`` processes, and Dask."""
