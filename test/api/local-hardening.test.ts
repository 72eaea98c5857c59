// Local mode as a red-team found it: the gateway must be unreachable from other machines, answer an
// oversized body with a readable 413 (not a reset connection), verify tokens like API Gateway's JWT
// authorizer (`exp` required, no `iat` in the future) and keep personal data out of its access log.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { MAX_BODY_BYTES } from '../../local/gateway';
import { accepts, externalAddresses, isLoopback, listeningOn } from '../support/sockets';
import { Api, startApi } from './harness';

let api: Api;
let dataDir: string;
const logLines: string[] = [];
beforeAll(async () => {
  // A data directory only so that the test can read the signing key and sign tokens of its own.
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'lmb-hardening-'));
  api = await startApi({ dataDir, accessLog: (line) => logLines.push(line) });
});
afterAll(async () => {
  await api.platform.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the gateway listens on loopback only', () => {
  const linux = process.platform === 'linux' ? it : it.skip;

  linux('its port is bound on 127.0.0.1 and nowhere else (kernel socket table)', () => {
    const addresses = listeningOn(api.platform.port).map((s) => s.address);
    expect(addresses).toEqual(['127.0.0.1']);
  });

  it('is not reachable on any non-loopback address of this machine', async () => {
    expect(await accepts('127.0.0.1', api.platform.port)).toBe(true);
    const reached: string[] = [];
    for (const address of externalAddresses()) if (await accepts(address, api.platform.port)) reached.push(address);
    expect(reached).toEqual([]);
  });

  linux('the probes do see a server bound to every interface (control)', async () => {
    const open = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => open.listen(0, '0.0.0.0', r));
    const port = (open.address() as net.AddressInfo).port;
    try {
      expect(listeningOn(port).map((s) => s.address)).toEqual(['0.0.0.0']);
      expect(listeningOn(port).filter((s) => !isLoopback(s.address))).toHaveLength(1);
      const external = externalAddresses().filter((a) => net.isIPv4(a));
      if (external.length) expect(await accepts(external[0], port)).toBe(true);
    } finally {
      open.close();
    }
  });
});

describe('a body over the limit', () => {
  const twoMegabytes = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });

  it('gets a 413 PAYLOAD_TOO_LARGE the client can read, and the gateway keeps serving', async () => {
    const r = await fetch(`${api.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: twoMegabytes });
    expect(r.status).toBe(413);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    expect((await api.get('/health')).status).toBe(200);
  });

  it('streamed without a length (chunked) gets the same 413', async () => {
    const reply = await rawRequest({ method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json' } }, (req) => {
      for (let i = 0; i < 4; i++) req.write('x'.repeat(512 * 1024));
      req.end();
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('announced with Expect: 100-continue is refused before the body is sent', async () => {
    let continued = false;
    const reply = await rawRequest(
      { method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json', 'content-length': String(twoMegabytes.length), expect: '100-continue' } },
      (req) => req.on('continue', () => ((continued = true), req.end(twoMegabytes))),
    );
    expect(continued).toBe(false);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a body just under the limit still reaches the handler', async () => {
    const r = await api.call('POST', '/auth/login', { raw: JSON.stringify({ username: 'nobody', password: 'y'.repeat(MAX_BODY_BYTES - 100) }) });
    expect(r.status).not.toBe(413);
  });
});

describe('token claims, as the HTTP API JWT authorizer checks them', () => {
  const now = () => Math.floor(Date.now() / 1000);
  let claims: JWTPayload;
  let sign: (payload: JWTPayload) => Promise<string>;
  beforeAll(async () => {
    claims = decodeJwt(await api.adminToken());
    const { privateJwk } = JSON.parse(readFileSync(path.join(dataDir, 'jwt-signing-key.json'), 'utf8')) as { privateJwk: JWK };
    const key = await importJWK(privateJwk, 'ES256');
    sign = (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'local' }).sign(key);
  });
  const call = (token: string) => api.call('GET', '/admin/notifications', { token });

  it('accepts a token signed here with exp in the future and iat in the past (control)', async () => {
    expect((await call(await sign({ ...claims, iat: now() - 60, exp: now() + 600 }))).status).toBe(200);
  });

  it('refuses a token without exp', async () => {
    const { exp: _dropped, ...noExp } = claims;
    const r = await call(await sign({ ...noExp, iat: now() - 60 }));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token issued in the future', async () => {
    const r = await call(await sign({ ...claims, iat: now() + 600, exp: now() + 3600 }));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token not valid before a future nbf', async () => {
    const r = await call(await sign({ ...claims, iat: now() - 60, nbf: now() + 600, exp: now() + 3600 }));
    expect(r.status).toBe(401);
  });
});

describe('the access log', () => {
  it('masks the recipient of /_local/outbox and keeps the rest of the line', async () => {
    logLines.length = 0;
    expect((await api.get('/_local/outbox?to=13800000001')).status).toBe(200);
    const lines = logLines.filter((l) => l.includes('/_local/outbox'));
    expect(lines).toEqual([expect.stringMatching(/^GET \/_local\/outbox\?to=\*\*\* 200 [\d.]+ms$/)]);
    expect(logLines.join('\n')).not.toContain('13800000001');
  });

  it('masks an e-mail address in any parameter', async () => {
    logLines.length = 0;
    await api.get('/centers/minhang-kss/slots?note=li%40example.com');
    expect(logLines.join('\n')).not.toMatch(/li(%40|@)example\.com/);
    expect(logLines.join('\n')).toContain('/centers/minhang-kss/slots?note=***');
  });
});

/** A request through node:http, so the test controls how the body is sent. */
function rawRequest(options: http.RequestOptions, write: (req: http.ClientRequest) => void): Promise<{ status: number; body: string }> {
  const { port } = api.platform;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    write(req);
  });
}
