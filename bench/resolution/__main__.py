"""``python -m bench.resolution``: the entity-resolution benchmark alone."""

from bench.resolution.run import main

main()
