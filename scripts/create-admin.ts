// `npm run create-admin -- <username>`: the first administrator of a production install (which
// has no demo town, so no account at all). The password is asked for twice on a terminal, or
// read from the first line of standard input (`… < password-file`); there is no default.
//   --reset <username>      a new password for an existing account
//   --revoke-demo-token     revoke the demo API token, if a database holds it
//   --name <显示名>          the administrator's display name
import readline from 'node:readline';
import mongoose from 'mongoose';
import '#models/index';
import { connectDb } from '~/utils/db.server';
import { AdminError, createAdmin, resetPassword, revokeDemoToken } from './lib/admin';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = argv.splice(i, 2);
  return value ?? '';
};
const revoke = argv.includes('--revoke-demo-token');
if (revoke) argv.splice(argv.indexOf('--revoke-demo-token'), 1);
const reset = flag('--reset');
const displayName = flag('--name');
const username = reset ?? argv[0];

if (!process.env.MONGODB_URI) {
  console.error('[create-admin] MONGODB_URI is not set (run it as `npm run create-admin -- <username>`)');
  process.exit(2);
}
if (!username && !revoke) {
  console.error('usage: npm run create-admin -- <username> | --reset <username> | --revoke-demo-token');
  process.exit(2);
}

/** One line typed without echo on a terminal; the first line of standard input otherwise. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let asked = false;
  out._writeToOutput = (s: string) => {
    if (!asked) out.output.write(s);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    asked = true;
  });
}

await connectDb(process.env.MONGODB_URI);
try {
  if (revoke) {
    console.error(
      (await revokeDemoToken())
        ? '[create-admin] the demo API token is revoked'
        : '[create-admin] no demo API token to revoke',
    );
  }
  if (username) {
    const password = await readPassword(`Password for ${username}: `);
    if (process.stdin.isTTY && (await readPassword('Again: ')) !== password) {
      throw new AdminError('The two passwords differ.');
    }
    if (reset !== undefined) {
      await resetPassword(username, password);
      console.error(`[create-admin] ${username} has a new password`);
    } else {
      await createAdmin(username, password, displayName || undefined);
      console.error(`[create-admin] administrator ${username} created; sign in and set up towns and users`);
    }
  }
} catch (error) {
  if (!(error instanceof AdminError)) throw error;
  console.error(`[create-admin] ${error.message}`);
  process.exitCode = 1;
} finally {
  await mongoose.disconnect();
}
