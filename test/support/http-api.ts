/**
 * Helpers for tests of the local HTTP API (packages/offline-aws/src/http-api/) and its issuer: raw
 * HTTP requests that show status, headers and body as the client receives them (the runtime
 * package's own client, offline-aws/testing).
 */
export { send, type Answer } from 'offline-aws/testing';
