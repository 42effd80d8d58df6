"""Entity-resolution benchmarks: nncc's engine beside a plain Splink baseline.

``synthetic`` writes the Pakistani/Afghan benchmark made by ``nncc.resolution.synthetic`` (which
also scores a clustering pairwise), ``febrl`` loads FEBRL 1–4, ``baseline`` is the plain Splink
configuration and ``run`` prints the table.
"""
