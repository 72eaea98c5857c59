// DynamoDB Local has no authentication: whoever reaches its port can rewrite every account. The
// instance the test setup started (the same launcher `npm start` uses) must listen on 127.0.0.1
// only — never on 0.0.0.0 or :: — and must not answer on this machine's other addresses.
import net from 'node:net';
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
