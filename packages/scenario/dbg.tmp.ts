import { simulate, type WorldSpec } from '@chokepoint/core';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
const world = parse(readFileSync('../../scenarios/worlds/world-2023.yaml', 'utf8'));
delete world.title; delete world.description; delete world.sources;
for (const s of world.states) { s.doctrine = 'NLG'; }
const extra = JSON.parse(process.argv[2] ?? '{}');
const spec: WorldSpec = { ...world, params: { ...(world.params ?? {}), ...extra } };
const res = simulate(spec, { steps: 20, seed: 1, record: { firms: true } });
const rows = res.metrics.rows();
const get = (e: string, v: string) => rows.filter((r) => r.entity === e && r.variable === v).map((r) => r.value);
console.log('world out', get('world', 'output').map((x) => x.toFixed(0)).join(' '));
console.log('US cpi', get('US', 'cpi').map((x) => x.toFixed(2)).join(' '));
console.log('US out', get('US', 'output').map((x) => x.toFixed(0)).join(' '));
console.log(res.world.policy.measures.map((m) => `${res.world.stateIds[m.issuer]}:${m.type}:${m.start}:${JSON.stringify(m.spec.products ?? '')}`).join('\n'));
// biggest firm output drops at step 10
const f10 = rows.filter((r) => r.entityKind === 'firm' && r.variable === 'output' && (r.step === 1 || r.step === 8));
const m = new Map<string, number[]>(); for (const r of f10) { const a = m.get(r.entity) ?? []; a[r.step === 1 ? 0 : 1] = r.value; m.set(r.entity, a); }
console.log([...m].map(([k, [a, b]]) => [k, a!, b!, b! - a!] as const).sort((x, y) => x[3] - y[3]).slice(0, 8).map((x) => `${x[0]} ${x[1].toFixed(2)}→${x[2].toFixed(2)}`).join('\n'));
const p8 = rows.filter((r) => r.entityKind === 'firm' && r.variable === 'price' && r.step === 8).sort((a, b) => b.value - a.value).slice(0, 8);
console.log(p8.map((r) => `${r.entity} price ${r.value.toFixed(2)}`).join('\n'));
