/**
 * What the page's main thread did, from a Chromium performance trace (`BENCH_TRACE=1` in
 * `page.bench.ts`): each task of the renderer's main thread from the first script on, with its
 * wall time, its CPU time (on a loaded machine the difference is time spent waiting for a core)
 * and what it ran (script evaluation by file, style, layout, paint, image decoding…).
 */

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: Record<string, unknown> & { url?: string; functionName?: string; lineNumber?: number };
    beginData?: { stackTrace?: Array<{ functionName?: string; url?: string; lineNumber?: number }> };
  };
}

/** Names of the work a task did, shortened to what the summary prints. */
const KINDS: Record<string, string> = {
  'v8.compileModule': 'compile',
  'v8.compile': 'compile',
  'V8.CompileCode': 'compile',
  'v8.evaluateModule': 'evaluate',
  EvaluateScript: 'evaluate',
  FunctionCall: 'js',
  V8Console: 'js',
  RunMicrotasks: 'microtasks',
  UpdateLayoutTree: 'style',
  ScheduleStyleRecalculation: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  'Decode Image': 'decode',
  ImageDecodeTask: 'decode',
  ParseHTML: 'parse-html',
  ParseAuthorStyleSheet: 'parse-css',
  TimerFire: 'timer',
  FireAnimationFrame: 'raf',
  ResourceReceivedData: 'network',
  ResourceFinish: 'network',
  ResourceReceiveResponse: 'network',
  ResourceSendRequest: 'network',
  'ResizeObserver::UpdateAfterLayout': 'resize-observer',
  MajorGC: 'gc',
  MinorGC: 'gc',
};

const short = (url: unknown) => (typeof url === 'string' ? url.replace(/^https?:\/\/[^/]+\/(chunks\/)?/, '') : '');

/**
 * One line per main-thread task of at least `minMs` (all tasks are counted in the totals), in ms
 * since the page's navigation start: `start +wall (cpu) what`.
 */
export function summarizeTrace(json: Buffer | string, pageUrl: string, minMs = 4): string {
  const { traceEvents } = JSON.parse(String(json)) as { traceEvents: TraceEvent[] };
  const threads = traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  const nav = traceEvents
    .filter((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').startsWith(pageUrl))
    .at(-1);
  if (!nav) return '  (no navigation of the page in the trace)';
  const main = threads.find((t) => t.pid === nav.pid && t.args?.name === 'CrRendererMain');
  if (!main) return '  (no renderer main thread in the trace)';
  const events = traceEvents
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts >= nav.ts)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = events.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(5);
  const lines: string[] = [];
  let busy = 0;
  let cpu = 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    busy += task.dur ?? 0;
    cpu += task.tdur ?? 0;
    if ((task.dur ?? 0) < minMs * 1000) continue;
    const inside = events.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    const kinds = new Map<string, number>();
    const scripts = new Map<string, number>();
    const notes = new Set<string>();
    // Outermost events of each kind only (a FunctionCall inside a FunctionCall counts once).
    const open: Array<{ end: number; kind: string }> = [];
    for (const e of inside) {
      while (open.length && (open.at(-1)?.end ?? 0) <= e.ts) open.pop();
      const kind = KINDS[e.name];
      if (!kind) continue;
      const parentKinds = new Set(open.map((o) => o.kind));
      const counted = !parentKinds.has(kind) && !(kind === 'microtasks' && parentKinds.has('js'));
      if (counted) kinds.set(kind, (kinds.get(kind) ?? 0) + (e.dur ?? 0));
      const url = short(e.args?.data?.url);
      const js = open.some((o) => o.kind === 'js' || o.kind === 'evaluate' || o.kind === 'microtasks');
      const frame = e.args?.beginData?.stackTrace?.[0];
      if ((kind === 'layout' || kind === 'style') && js && frame && (e.dur ?? 0) >= 1000)
        notes.add(`forced ${kind} by ${frame.functionName || '?'} ${short(frame.url)}:${frame.lineNumber ?? 0}`);
      if (kind === 'js' && !js && e.args?.data?.functionName)
        notes.add(`${e.args.data.functionName} ${url}:${e.args.data.lineNumber ?? 0}`);
      if (counted && url && (kind === 'evaluate' || kind === 'js' || kind === 'compile'))
        scripts.set(`${kind} ${url}`, (scripts.get(`${kind} ${url}`) ?? 0) + (e.dur ?? 0));
      open.push({ end: e.ts + (e.dur ?? 0), kind });
    }
    const what = [...kinds]
      .filter(([, d]) => d >= 1000)
      .sort((a, b) => b[1] - a[1])
      .map(([k, d]) => `${k} ${(d / 1000).toFixed(0)}`);
    const top = [...scripts]
      .filter(([, d]) => d >= 2000)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, d]) => `${k} ${(d / 1000).toFixed(0)}`);
    lines.push(
      `  ${ms(task.ts - nav.ts)} +${ms(task.dur ?? 0)} (cpu ${ms(task.tdur ?? 0)}) ms  ${what.join(', ')}${
        top.length ? `  [${top.join('; ')}]` : ''
      }${notes.size ? `  {${[...notes].slice(0, 6).join('; ')}}` : ''}`,
    );
  }
  lines.push(`  main thread: ${ms(busy)} ms in tasks, ${ms(cpu)} ms of CPU`);
  return lines.join('\n');
}
