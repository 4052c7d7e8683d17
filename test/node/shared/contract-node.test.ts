/**
 * The shared proxy contract (proxy-contract.ts) against the Node proxy (node:http, undici, the
 * lead journal). Its twin, test/node/edge/contract-workerd.test.ts, runs the same table in workerd.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startProxy, type RunningProxy } from '../../../proxy/server.js';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.js';
import { leadCases } from './lead-cases.js';
import { contractEnv, contractReply, type ContractTarget } from './proxy-contract.js';
import { securityCases } from './security-cases.js';

describe('proxy contract on Node', () => {
  let fake: FakeUpstream;
  let proxy: RunningProxy;
  let dataDir: string;
  const lines: string[] = [];
  let target: ContractTarget;

  before(async () => {
    fake = await startFakeUpstream(contractReply);
    dataDir = mkdtempSync(join(tmpdir(), 'contract-node-'));
    proxy = await startProxy(
      { ...contractEnv(fake.url), CARSTREL_DATA_DIR: dataDir },
      { port: 0, log: (l) => lines.push(l) },
    );
    target = {
      runtime: 'node',
      url: proxy.url,
      fake,
      logs: () => lines,
      clientHeaders: (ip) => ({ 'x-forwarded-for': ip }),
    };
  });
  after(async () => {
    await proxy.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('security rules', () => {
    for (const c of securityCases) it(c.rule, () => c.run(target));
  });
  describe('no lead lost', () => {
    for (const c of leadCases) it(c.rule, () => c.run(target));
  });
});
