// DynamoDB Local has no authentication: whoever reaches its port can rewrite every account. The
// instance the test setup started (the same launcher `npm start` uses) must listen on 127.0.0.1
// only — never on 0.0.0.0 or :: — and must not answer on this machine's other addresses. The
// launcher also fails in one line when it cannot bind, and never outlives the process that started it.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { LocalStartError, startDynamoLocal } from '../../local/dynamo-local';
import { accepts, externalAddresses, isLoopback, listeningOn } from '../support/sockets';

const port = Number(new URL(process.env.DYNAMODB_ENDPOINT as string).port);
const linux = process.platform === 'linux' ? it : it.skip;

linux('DynamoDB Local listens on 127.0.0.1 only (kernel socket table)', () => {
  const sockets = listeningOn(port);
  expect(sockets.length).toBeGreaterThan(0);
  expect(sockets.map((s) => s.address).filter((a) => !isLoopback(a))).toEqual([]);
  expect(sockets.map((s) => s.address)).toEqual(sockets.map(() => '127.0.0.1'));
});

it('DynamoDB Local is not reachable on any non-loopback address of this machine', async () => {
  expect(await accepts('127.0.0.1', port)).toBe(true);
  const reached: string[] = [];
  for (const address of externalAddresses()) if (await accepts(address, port)) reached.push(address);
  expect(reached).toEqual([]);
});

it('a launcher that cannot bind 127.0.0.1 exits and says so in one line', async () => {
  // Whatever holds the port may accept connections and never answer; the start must not hang on it.
  const held: net.Socket[] = [];
  const squatter = net.createServer((socket) => void held.push(socket));
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  const taken = (squatter.address() as net.AddressInfo).port;
  try {
    const failure = await startDynamoLocal({ port: taken }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(LocalStartError);
    expect((failure as Error).message).toMatch(new RegExp(`could not start on 127\\.0\\.0\\.1: .*${taken}`));
  } finally {
    held.forEach((socket) => socket.destroy());
    squatter.close();
  }
}, 60_000);

it('the Java process exits when the process that started it is killed outright', async () => {
  // SIGKILL runs none of the parent's exit handlers: only the launcher's stdin watch can end it.
  const script = "require('./local/dynamo-local').startDynamoLocal().then((d) => console.log('java ' + d.process.pid))";
  const parent = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const javaPid = await new Promise<number>((resolve, reject) => {
    let out = '';
    parent.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /java (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    parent.once('exit', (code) => reject(new Error(`the starter exited with ${code} before DynamoDB Local was ready`)));
  });
  expect(alive(javaPid)).toBe(true);
  parent.kill('SIGKILL');
  let waited = 0;
  while (alive(javaPid) && waited < 30_000) {
    await new Promise((r) => setTimeout(r, 200));
    waited += 200;
  }
  const survived = alive(javaPid);
  if (survived) process.kill(javaPid, 'SIGKILL');
  expect(survived).toBe(false);
}, 90_000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
