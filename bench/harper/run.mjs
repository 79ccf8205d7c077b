// Times harper.js (LocalLinter with the inlined WebAssembly binary) for scripts/bench.
// stdin: {"warmup": N, "warmup_ms": MS, "sizes": [{"size": 280, "samples": N, "texts": ["…", …]}]}
// stdout: one JSON line {"harper", "node", "setup_ms", "sizes": [{"size", "times_ms": [...], "lints": [...]}]}
// or {"error": "..."}. Like the Python side: warm up on every text (at least `warmup` runs and
// `warmup_ms`), then time `samples` lints cycling through the texts. Never prints the texts.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

async function main() {
  const job = JSON.parse(readFileSync(0, 'utf8'));
  const started = performance.now();
  const { LocalLinter } = await import('harper.js');
  const { binaryInlined } = await import('harper.js/binaryInlined');
  const linter = new LocalLinter({ binary: binaryInlined });
  await linter.setup();
  const setupMs = performance.now() - started;
  const pkg = JSON.parse(readFileSync(new URL('./node_modules/harper.js/package.json', import.meta.url), 'utf8'));
  const opts = { language: 'plaintext' };
  const sizes = [];
  for (const item of job.sizes) {
    const texts = item.texts;
    const lints = [];
    for (const text of texts) lints.push((await linter.lint(text, opts)).length);
    const until = performance.now() + (job.warmup_ms ?? 0);
    for (let i = 0; i < (job.warmup ?? 5); i++) for (const text of texts) await linter.lint(text, opts);
    while (performance.now() < until) for (const text of texts) await linter.lint(text, opts);
    const times = [];
    for (let i = 0; i < item.samples; i++) {
      const text = texts[i % texts.length];
      const t0 = performance.now();
      await linter.lint(text, opts);
      times.push(performance.now() - t0);
    }
    sizes.push({ size: item.size, times_ms: times, lints });
  }
  await linter.dispose();
  process.stdout.write(JSON.stringify({ harper: pkg.version, node: process.version, setup_ms: setupMs, sizes }) + '\n');
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: `${err?.name ?? 'Error'}: ${err?.message ?? err}` }) + '\n');
  process.exit(1);
});
