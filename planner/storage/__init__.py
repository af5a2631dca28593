"""storage capability."""
