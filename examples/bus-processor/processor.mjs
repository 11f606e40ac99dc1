// A pipeline stage of sse-hub served over the TCP event-bus bridge, Node's standard library only.
//
//   node examples/bus-processor/processor.mjs --bridge 127.0.0.1:7000 --stage reverse
//
// It registers on processor.<stage>, applies its transform to each message's data, and sends the result on to
// the first address of the message's route, with the rest of the route and the budget left. A message whose
// budget runs out before it is passed on is dropped. A frame is a 4-byte big-endian length, then UTF-8 JSON
// (docs/polyglot.md). It pings every heartbeat and reconnects with a doubling back-off (0.1 s to 5 s).

import net from 'node:net';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const TRANSFORMS = {
  upper: (m) => m + ' ' + m.toUpperCase(),
  reverse: (m) => m + ' ' + [...m].reverse().join(''),
  lower: (m) => m + ' ' + m.toLowerCase(),
  shout: (m) => m.toUpperCase(),
  echo: (m) => m,
};

const { values: args } = parseArgs({
  options: {
    bridge: { type: 'string', default: '127.0.0.1:7000' },
    stage: { type: 'string' },
    transform: { type: 'string' },
    token: { type: 'string' },
    'delay-ms': { type: 'string', default: '0' },
    heartbeat: { type: 'string', default: '5' },
    verbose: { type: 'boolean', default: false },
  },
});
const transform = TRANSFORMS[args.transform ?? args.stage];
if (!args.stage || !transform) {
  console.error(`usage: processor.mjs --bridge host:port --stage <${Object.keys(TRANSFORMS).join('|')}> [--token jwt]`);
  process.exit(2);
}
const [host, port] = [args.bridge.slice(0, args.bridge.lastIndexOf(':')) || '127.0.0.1',
  Number(args.bridge.slice(args.bridge.lastIndexOf(':') + 1))];
const address = 'processor.' + args.stage;
const heartbeatMs = Number(args.heartbeat) * 1000;
const delayMs = Number(args['delay-ms']);
const headers = args.token ? { authorization: 'Bearer ' + args.token } : {};
let backoffMs = 100;
let expired = 0;

function frame(json) {
  const data = Buffer.from(JSON.stringify(json), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

function connect() {
  const socket = net.connect({ host, port, noDelay: true });
  let buffer = Buffer.alloc(0);
  let lastHeard = performance.now();
  let ready = false;
  let pinger;
  socket.on('connect', () => {
    socket.write(frame({ type: 'register', address, headers }));
    socket.write(frame({ type: 'ping' }));
    pinger = setInterval(() => {
      if (performance.now() - lastHeard > 3 * heartbeatMs) {
        socket.destroy(new Error('no answer to three pings'));
      } else {
        socket.write(frame({ type: 'ping' }));
      }
    }, heartbeatMs);
  });
  socket.on('data', (chunk) => {
    lastHeard = performance.now();
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4 && buffer.length >= 4 + buffer.readUInt32BE(0)) {
      const length = buffer.readUInt32BE(0);
      const message = JSON.parse(buffer.subarray(4, 4 + length).toString('utf8'));
      buffer = buffer.subarray(4 + length);
      if (message.type === 'pong' && !ready) {
        ready = true;
        backoffMs = 100;
        console.log(`serving ${address} on ${host}:${port}`);
      } else if (message.type === 'err' && !ready) {
        console.error('bridge refused:', message.message);
        process.exit(2);
      } else if (message.type === 'err') {
        console.error('bridge refused:', message.message);
      } else if (message.type === 'message' && message.address === address) {
        handle(socket, message.body ?? {}, performance.now());
      }
    }
  });
  socket.on('error', (error) => console.error(`connection to ${host}:${port}: ${error.message}`));
  socket.on('close', () => {
    clearInterval(pinger);
    console.error(`connection to ${host}:${port} lost; again in ${backoffMs / 1000} s`);
    setTimeout(connect, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 5000);
  });
}

function handle(socket, body, arrived) {
  const route = Array.isArray(body.route) ? body.route : [];
  if (typeof body.m !== 'string' || route.length === 0) {
    console.error('dropped a message without m or route');
    return;
  }
  const deadline = arrived + (body.budgetMillis ?? 50);
  if ((body.budgetMillis ?? 50) < 1) {
    expired += 1;
    console.error(`dropped a message past its deadline (${expired} so far)`);
    return;
  }
  const result = transform(body.m);
  const pass = () => {
    const left = Math.floor(deadline - performance.now());
    if (left < 1) {
      expired += 1;
      console.error(`dropped a message past its deadline (${expired} so far)`);
      return;
    }
    socket.write(frame({
      type: 'send',
      address: route[0],
      headers,
      body: { m: result, ticket: body.ticket, route: route.slice(1), budgetMillis: left },
    }));
    if (args.verbose) {
      console.log(`passed ${body.ticket} to ${route[0]}`);
    }
  };
  if (delayMs > 0) {
    setTimeout(pass, delayMs);
  } else {
    pass();
  }
}

connect();
