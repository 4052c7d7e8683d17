/**
 * The shared proxy contract (test/node/shared/proxy-contract.ts) against the edge build served by
 * the real workerd binary (`npm run edge`), in front of the same fake CarStrel as the Node run.
 * The client address is the platform's CF-Connecting-IP (on Cloudflare set by the edge itself;
 * locally, as here, whatever the loopback client sends).
 */
import { describe, it, before, after } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../proxy/fake-upstream.js';
import { leadCases } from '../shared/lead-cases.js';
import { contractEnv, contractReply, type ContractTarget } from '../shared/proxy-contract.js';
import { securityCases } from '../shared/security-cases.js';
import { edgeWorkDir, startEdge, type RunningEdge } from './workerd-harness.js';

describe('proxy contract on workerd', () => {
  let fake: FakeUpstream;
  let edge: RunningEdge;
  const work = edgeWorkDir();
  let target: ContractTarget;

  before(async () => {
    fake = await startFakeUpstream(contractReply);
    edge = await startEdge({ ...contractEnv(fake.url), CARSTREL_DATA_DIR: work.data }, { out: work.out });
    target = {
      runtime: 'workerd',
      url: edge.url,
      fake,
      logs: () => edge.lines,
      clientHeaders: (ip) => ({ 'cf-connecting-ip': ip }),
    };
  });
  after(async () => {
    await edge?.stop();
    await fake?.close();
    work.cleanup();
  });

  describe('security rules', () => {
    for (const c of securityCases) it(c.rule, () => c.run(target));
  });
  describe('no lead lost', () => {
    for (const c of leadCases) it(c.rule, () => c.run(target));
  });
});
