"""coaching capability."""
