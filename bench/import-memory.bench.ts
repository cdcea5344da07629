// How much memory `onrecord import` takes for a large CSV: writes a CSV of ROWS rows (default
// 1,000,000) into a temp dir, imports it into a fresh archive with the real CLI in its own process,
// and samples that process's resident set (VmRSS, and the kernel's peak VmHWM) from /proc.
// `npm run bench:import-memory -- [rows] [--compiled]`. With --compiled the CLI runs as users run it
// (bin/onrecord.js -> dist/, plain node; `npm run build` first); without, from the sources under
// tsx as the tests do. Nothing is written inside the project.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../data/paths.js';

const args = process.argv.slice(2);
const compiled = args.includes('--compiled');
const rows = Number(args.find((arg) => !arg.startsWith('--')) ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'onrecord-import-memory-'));
const csvPath = join(dir, 'statements.csv');

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

async function writeCsv(): Promise<void> {
  const out = createWriteStream(csvPath);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('id,text,kind,stance,said_on,speaker_name,role,organization_name,measure_title,meeting_title,meeting_date\n');
  const stances = ['support', 'oppose', 'neutral', 'unclear'];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await write(
      [
        `bench-${i}`,
        quote(`Statement ${i}: the council should weigh "item ${i % 977}" against the budget, said plainly.`),
        i % 5 === 0 ? 'paraphrase' : 'quote',
        stances[i % 4] as string,
        `2024-0${(i % 9) + 1}-${day}`,
        `Speaker ${i % 2000}`,
        i % 3 === 0 ? 'Resident' : 'Council member',
        `Organization ${i % 150}`,
        `Measure ${i % 400}`,
        `Meeting ${i % 1500}`,
        `2024-0${(i % 9) + 1}-${day}`,
      ].join(',') + '\n',
    );
  }
  out.end();
  await once(out, 'finish');
}

function readStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

await writeCsv();
const bytes = statSync(csvPath).size;
console.log(`wrote ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB, to ${csvPath}`);
const started = Date.now();
const cli = compiled ? [join(projectRoot, 'bin/onrecord.js')] : ['--import', 'tsx', join(projectRoot, 'server/cli.ts')];
console.log(`running ${compiled ? 'the compiled CLI (bin/onrecord.js, dist/)' : 'the CLI from the sources under tsx'}`);
const child = spawn(process.execPath, [...cli, 'import', csvPath], {
  cwd: projectRoot,
  env: { PATH: process.env.PATH ?? '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
let peakRss = 0;
let peakHwm = 0;
let samples = 0;
const sampler = setInterval(() => {
  const status = child.pid === undefined ? null : readStatus(child.pid);
  if (!status) return;
  peakRss = Math.max(peakRss, status.rss);
  peakHwm = Math.max(peakHwm, status.hwm);
  // Every 30 s: how far the import is, and its memory so far (a long run can be read part-way).
  if ((samples += 1) % 300 === 0) {
    const last = output.match(/import: \d+ \/ \d+ bytes/g)?.at(-1) ?? 'starting';
    console.log(
      `${((Date.now() - started) / 1000).toFixed(0)} s: ${last}; RSS ${(status.rss / 1024).toFixed(0)} MB, peak ${(status.hwm / 1024).toFixed(0)} MB`,
    );
  }
}, 100);
const [code] = (await once(child, 'exit')) as [number | null];
clearInterval(sampler);
const seconds = (Date.now() - started) / 1000;
console.log(
  output
    .split('\n')
    .filter((line) => /imported|refused|onrecord:/.test(line))
    .join('\n'),
);
console.log(
  `exit ${code}; ${seconds.toFixed(0)} s; peak RSS sampled ${(peakRss / 1024).toFixed(0)} MB, ` +
    `kernel peak (VmHWM) ${(peakHwm / 1024).toFixed(0)} MB`,
);
rmSync(dir, { recursive: true, force: true });
