/**
 * `carstrel-proxy hash-password`: reads the console password from standard input (the first line;
 * typed at a prompt, or piped: `printf %s 'the password' | npx carstrel-proxy hash-password`) and
 * prints the value for CARSTREL_ADMIN_PASSWORD_HASH. Node only (the CLI).
 */
import { createInterface } from 'node:readline';
import { hashPassword } from './password.js';

export async function hashPasswordCommand(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  out: (text: string) => void,
): Promise<number> {
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
  out(`${await hashPassword(password)}\n`);
  return 0;
}
