"""Running Summit in production: health checks, request logs, metrics, worker heartbeats."""
