// Checks the import graph of src/: floors import downward only, and import
// cycles stay small. Run by `npm run lint` (and so by .ci/run before the tests).
//
// The floors (lowest first) are the README's architecture map. A file may import
// files on its own floor or below; an import that climbs is a layering error.
// Type-only imports count too: a type that lives on the wrong floor is the
// first step of a runtime back-edge, and the graph a reader sees includes them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');

/** Floor of each top-level part of src/, lowest first. */
export const FLOORS = [
  ['protocol', 'errors.ts'],
  ['catalog'],
  ['keyspace', 'config'],
  ['server'],
  // features: each reaches the server core through its typed hooks
  ['observability', 'security', 'scripting', 'memory', 'persistence', 'replication', 'cluster'],
  ['commands'],
  ['compose.ts', 'index.ts', 'cli.ts', 'healthcheck.ts'],
];
/** Largest strongly connected component tolerated (files). */
export const MAX_CYCLE = 16;

function floorOf(file) {
  const top = relative(srcDir, file).split(sep)[0];
  const i = FLOORS.findIndex((names) => names.includes(top));
  if (i < 0) throw new Error(`${relative(root, file)}: not on any floor in scripts/import-graph.mjs`);
  return i;
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// import … from '…', export … from '…', import '…', import('…')
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importGraph() {
  const files = walk(srcDir);
  const graph = new Map();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith('.')) continue;
      deps.add(resolve(dirname(f), spec).replace(/\.js$/, '.ts'));
    }
    graph.set(f, [...deps].filter((d) => d !== f));
  }
  return graph;
}

/** Tarjan's strongly connected components. */
export function components(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
      out.push(comp);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

export function check() {
  const graph = importGraph();
  const problems = [];
  for (const [f, deps] of graph) {
    for (const d of deps) {
      if (!graph.has(d)) { problems.push(`${relative(root, f)}: imports missing ${relative(root, d)}`); continue; }
      if (floorOf(d) > floorOf(f)) problems.push(`${relative(root, f)} climbs to ${relative(root, d)}`);
    }
  }
  const comps = components(graph).filter((c) => c.length > 1).sort((a, b) => b.length - a.length);
  const largest = comps[0]?.length ?? 1;
  if (largest > MAX_CYCLE) {
    problems.push(`import cycle of ${largest} files (limit ${MAX_CYCLE}): ${comps[0].map((f) => relative(srcDir, f)).sort().join(' ')}`);
  }
  return { problems, largest, cycles: comps.map((c) => c.map((f) => relative(srcDir, f)).sort()), files: graph.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { problems, largest, cycles, files } = check();
  if (process.argv.includes('--verbose')) for (const c of cycles) console.log(`cycle (${c.length}): ${c.join(' ')}`);
  for (const p of problems) console.error(p);
  console.log(`${files} files, largest import cycle ${largest} file(s), ${problems.length} problem(s)`);
  process.exitCode = problems.length ? 1 : 0;
}
