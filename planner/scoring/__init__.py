"""scoring capability."""
