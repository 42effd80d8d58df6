"""Entity-resolution benchmarks: nncc's engine beside a plain Splink baseline.

``synthetic`` generates the Pakistani/Afghan benchmark (``people`` and ``statements`` make the
persons and the agencies' records of them), ``febrl`` loads FEBRL 1–4, ``metrics`` scores a
clustering pairwise, ``baseline`` is the plain Splink configuration and ``run`` prints the table.
"""
