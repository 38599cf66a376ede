// Quiet, deterministic defaults for every test process. Tests that need AWS endpoints set them themselves.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// No EMF metric lines and no X-Ray in tests (the tracer is also inert outside Lambda); the tests of
// metrics turn them on for their own handlers.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
