"""Entity resolution: which statements of the agencies are about the same person."""
