"""icp capability."""
