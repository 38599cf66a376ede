/**
 * mintToken() of packages/offline-aws/src/identity/client.ts, as the console and scripts call it: bad requests and a
 * missing system are told apart before anything is sent; a running issuer signs the token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { writeEndpointsFile } from 'offline-aws/endpoints/file';
import { mintToken, NoRunningSystemError } from 'offline-aws/identity/client';
import { startLocalIssuer, type LocalIssuer } from 'offline-aws/identity/issuer';
import { TokenRequestError } from 'offline-aws/identity/tokens';

let directory: string;
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer();
});
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'mint-token-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));
afterAll(() => issuer?.stop());

it('signs a token through the endpoints file of a running system', async () => {
  writeEndpointsFile(directory, { pid: process.pid, endpoints: { issuer: issuer.url } });
  const token = await mintToken({ sub: 'cust_1', reviewer: true, expiresInSeconds: 60 }, { directory });
  const claims = decodeJwt(token);
  expect(claims).toMatchObject({ sub: 'cust_1', iss: issuer.url, scope: 'openid orders/review' });
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
});

it('refuses a bad request before asking the issuer', async () => {
  await expect(mintToken({ sub: '' }, { directory })).rejects.toThrow(TokenRequestError);
  await expect(mintToken({ sub: 'a', expiresInSeconds: 86_401 }, { directory })).rejects.toThrow(
    /expiresInSeconds must be at most 86400/,
  );
  await expect(mintToken({ sub: 'a', extra: true } as never, { directory })).rejects.toThrow(TokenRequestError);
});

it('says that no system runs: no file, a gone process, no issuer, an issuer that does not answer', async () => {
  await expect(mintToken({ sub: 'a' }, { directory })).rejects.toThrow(/No local system is running .*npm start/);
  writeEndpointsFile(directory, { pid: 2 ** 22 + 1, endpoints: { issuer: issuer.url } });
  await expect(mintToken({ sub: 'a' }, { directory })).rejects.toThrow(NoRunningSystemError);
  writeEndpointsFile(directory, { pid: process.pid, endpoints: { dynamodb: 'http://127.0.0.1:9' } });
  await expect(mintToken({ sub: 'a' }, { directory })).rejects.toThrow(/serves no issuer/);
  await expect(mintToken({ sub: 'a' }, { issuerUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/does not answer/);
});
