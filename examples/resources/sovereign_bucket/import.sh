terraform import sovereign_bucket.logs acme-prod-logs
