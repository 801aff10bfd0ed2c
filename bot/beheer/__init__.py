"""Running the product: start and stop the processes, train when stale, daily maintenance."""
