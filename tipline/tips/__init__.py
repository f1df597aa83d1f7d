"""Tips: what voters asked us to check, how we decided, and the queue for human fact-checkers."""
