import type { WorldSpec } from '@chokepoint/core';
import { stateName } from './charts.ts';

/** A table of the world: for each product, its inputs and the firms that make it, by state. */
export function worldTable(spec: WorldSpec): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'cp-table';
  const head = table.createTHead().insertRow();
  for (const title of ['Product', 'Made from', 'Firms (home state)'])
    head.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = table.createTBody();
  const names = new Map(spec.products.map((p) => [p.id, p.name ?? p.id]));
  for (const product of spec.products) {
    const row = body.insertRow();
    row.insertCell().textContent = `${product.name ?? product.id}${product.strategic ? ' (strategic)' : ''}`;
    row.insertCell().textContent =
      (product.recipe ?? []).map((r) => `${r.amount} × ${names.get(r.product) ?? r.product}`).join(', ') || '—';
    row.insertCell().textContent = spec.firms
      .filter((f) => f.product === product.id)
      .map((f) => `${f.id} (${stateName(f.state)})`)
      .join(', ');
  }
  return table;
}
