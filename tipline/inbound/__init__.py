"""What voters sent us and what Meta told us about what we sent, as stored rows."""
