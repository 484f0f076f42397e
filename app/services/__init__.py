"""The domain: every rule and decision, over a database session and Redis, free of Flask requests."""
