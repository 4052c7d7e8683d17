/**
 * `carstrel-proxy hash-password`: reads the console password from standard input (the first line;
 * typed at a prompt, or piped: `printf %s 'the password' | npx carstrel-proxy hash-password`) and
 * prints the value for CARSTREL_ADMIN_PASSWORD_HASH: a scrypt PHC string
 * (`$scrypt$ln=15,r=8,p=3$<salt>$<hash>`), or with `--pbkdf2` a PBKDF2-SHA256 hash. Node only (the CLI).
 */
import { createInterface } from 'node:readline';
import { hashPassword, hashPasswordPbkdf2 } from './password.js';

export async function hashPasswordCommand(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  out: (text: string) => void,
  args: string[] = [],
): Promise<number> {
  const unknown = args.filter((a) => a !== '--pbkdf2');
  if (unknown.length) {
    out(`Unknown option ${unknown[0]}: hash-password takes only --pbkdf2 (a PBKDF2 hash instead of scrypt).\n`);
    return 2;
  }
  if (input.isTTY) out('Console password (at least 12 characters), then Enter: ');
  const rl = createInterface({ input, terminal: false });
  let password = '';
  for await (const line of rl) {
    password = line;
    break;
  }
  rl.close();
  if (password.length < 12) {
    out('The password must be at least 12 characters.\n');
    return 2;
  }
  out(`${await (args.includes('--pbkdf2') ? hashPasswordPbkdf2 : hashPassword)(password)}\n`);
  return 0;
}
