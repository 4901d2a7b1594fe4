-- Bucket4j token buckets shared by every gateway replica (see RateLimitBuckets)
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(255) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_bucket_expires_at_idx ON rate_limit_bucket (expires_at);
