/** CLI parsing: flags and `.env` files mapped onto the environment-style setting names. */
import { SETTINGS } from './config.js';

/** Parse a .env file: KEY=value, optional quotes, # comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // Stryker disable next-line ConditionalExpression,LogicalOperator,MethodExpression: the pattern below refuses an empty or # line too (a name starts with a letter or _).
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    // Stryker disable next-line MethodExpression: the pattern's `\s*` takes the spaces before the value, and the line is trimmed.
    let v = m[2].trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]] = v;
  }
  return out;
}

/** Map CLI flags onto setting names. Throws with a fix-it message on an unknown flag. */
export function parseFlags(argv: string[]): { env: Record<string, string>; help: boolean; envFile?: string } {
  const byFlag = new Map(SETTINGS.map((s) => [s.flag, s.name]));
  const env: Record<string, string> = {};
  let help = false;
  let envFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (flag === '--dotenv') {
      envFile = value;
      continue;
    }
    const name = byFlag.get(flag);
    if (!name) throw new Error(`Unknown option "${flag}". Run with --help to see every option.`);
    if (value === undefined) throw new Error(`Option ${flag} needs a value, e.g. ${flag}=…`);
    env[name] = value;
  }
  return { env, help, envFile };
}
