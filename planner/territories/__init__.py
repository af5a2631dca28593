"""territories capability."""
