-- Bucket4j token buckets of runs per minute, shared by every sql-runner replica (see RunBuckets)
CREATE TABLE run_bucket (
    id         VARCHAR(255) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX run_bucket_expires_at_idx ON run_bucket (expires_at);
