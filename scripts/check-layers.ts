// The BFF's layers run one way (docs/development.md, "Layers"): each file may import only from
// its own layer or from one below, and no files import each other in a circle.
// Prints the import counts; exits 1 on any back-edge or circle. `npm test` runs it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../packages/bff/src');

/** Top to bottom. A file belongs to the first layer one of whose prefixes its path starts with. */
const LAYERS: [name: string, prefixes: string[]][] = [
  ['entry points', ['main.ts', 'cli.ts', 'commands/', 'copy-database.ts', 'index.ts', 'server.ts']],
  ['composition', ['patchbay.ts', 'app.ts']],
  ['api', ['api/']],
  ['domain', ['domain/']],
  ['delivery', ['delivery/']],
  ['oauth', ['oauth/']],
  ['catalog', ['catalog/']],
  ['transform', ['transform/']],
  ['crypto', ['crypto/']],
  ['store', ['store/']],
  ['outbound', ['outbound/']],
  ['model', ['model.ts']],
  ['foundation', ['config.ts', 'clock.ts', 'ids.ts', 'logger.ts', 'errors.ts', 'version.ts', 'batcher.ts']],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return entry.name.endsWith('.ts') ? [path.relative(root, full)] : [];
  });
}

const layerOf = (file: string): number => {
  const index = LAYERS.findIndex(([, prefixes]) => prefixes.some((p) => file === p || file.startsWith(p)));
  if (index < 0) throw new Error(`${file} belongs to no layer: add it to LAYERS in scripts/check-layers.ts`);
  return index;
};

const all = files(root).sort();
const edges = new Map<string, string[]>();
for (const file of all) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const targets = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) =>
    path.normalize(path.join(path.dirname(file), m[1] as string)),
  );
  edges.set(
    file,
    [...new Set(targets)].filter((t) => all.includes(t)),
  );
}

const backEdges: string[] = [];
for (const [from, targets] of edges) {
  for (const to of targets) {
    // Within a layer (its folder and those below it: store/sql, catalog/kinds) only circles count.
    if (layerOf(to) < layerOf(from)) {
      backEdges.push(`${from} (${LAYERS[layerOf(from)]?.[0]}) → ${to} (${LAYERS[layerOf(to)]?.[0]})`);
    }
  }
}

// Tarjan's strongly connected components: any component of more than one file is a circle.
const circles: string[][] = [];
{
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const file of all) if (!index.has(file)) visit(file);
}

const imports = [...edges.values()].reduce((n, t) => n + t.length, 0);
const lines = [
  `layers: ${all.length} files, ${imports} imports, ${backEdges.length} back-edges, ${circles.length} circles (${circles.reduce((n, c) => n + c.length, 0)} files in them)`,
  ...backEdges.map((edge) => `  back-edge: ${edge}`),
  ...circles.map((circle) => `  circle: ${circle.join(', ')}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (backEdges.length || circles.length) process.exit(1);
