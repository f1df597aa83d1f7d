"""Raw webhook deliveries: stored before Meta gets its 200, parsed later by the worker."""
