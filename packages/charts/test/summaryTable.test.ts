import { csvParse } from 'd3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSummaryTable,
  escapeLatex,
  escapeMarkdown,
  formatSignificant,
  summaryTableCsv,
  summaryTableLatex,
  summaryTableMarkdown,
  type SummaryTableInput,
  type TableEffect,
} from '../src/index.js';

/** A summary with a control, a noisy treatment, a deterministic arm and a one-replicate arm. */
function fixture(): SummaryTableInput {
  const metric = 'firm/SK_hynix/output';
  return {
    scenario: 'gallium_ban',
    title: 'Gallium & germanium: 100% ban',
    control: 'control',
    metrics: [
      { arm: 'control', point: 0, metric, n: 5, mean: 10, sd: 1, ci95: [8.76, 11.24] },
      { arm: 'ban', point: 0, metric, n: 5, mean: 6.5, sd: 0.5, ci95: [5.88, 7.12] },
      { arm: 'same', point: 0, metric, n: 5, mean: 10.1, sd: 0, ci95: null, deterministic: true },
      { arm: 'single', point: 0, metric, n: 1, mean: 9, sd: null, ci95: null },
      {
        arm: 'control',
        point: 0,
        metric: 'world/world/welfare',
        n: 5,
        mean: 1.215e-13,
        sd: 1e-14,
        ci95: [1.1e-13, 1.3e-13],
      },
      { arm: 'ban', point: 0, metric: 'world/world/welfare', n: 5, mean: 2e-13, sd: 1e-14, ci95: [1.9e-13, 2.1e-13] },
    ],
    effects: [
      { arm: 'ban', control: 'control', point: 0, metric, difference: -3.5, ci95: [-4.9, -2.1], relative: -0.35 },
      // summary.json before deterministic arms were marked: a zero-width interval.
      { arm: 'same', control: 'control', point: 0, metric, difference: 0.1, ci95: [0.1, 0.1], relative: 0.01 },
      { arm: 'single', control: 'control', point: 0, metric, difference: -1, ci95: null, relative: -0.1 },
      {
        arm: 'ban',
        control: 'control',
        point: 0,
        metric: 'world/world/welfare',
        difference: 7.85e-14,
        ci95: [-1e-14, 1.6e-13],
        relative: 0.646,
      },
    ],
  };
}

describe('effects over time and ablation arms in a table', () => {
  const input = (): SummaryTableInput => {
    const base = fixture();
    return {
      ...base,
      discountRate: 0.02,
      ablation: { arms: [{ arm: 'ban-without-prices' }] },
      metrics: [
        ...base.metrics,
        { arm: 'ban-without-prices', point: 0, metric: 'firm/SK_hynix/output', n: 5, mean: 9, sd: 1, ci95: [8, 10] },
      ],
      effects: base.effects.map((e) =>
        e.arm === 'ban' && e.metric === 'firm/SK_hynix/output'
          ? {
              ...e,
              peak: { difference: -6, ci95: [-7, -5], deterministic: false, step: 3, date: '2024-09-30' },
              cumulative: { difference: -20, ci95: [-30, 5], deterministic: false },
            }
          : e,
      ),
    };
  };

  it('gives the peak (and when) and the cumulative effect with their intervals, and leaves ablation arms out', () => {
    const table = buildSummaryTable(input(), {
      metrics: ['firm/SK_hynix/output'],
      statistics: ['effect', 'peak', 'cumulative', 'discounted'],
    });
    expect(table.rows.map((r) => r.arm)).toEqual(['control', 'ban', 'same', 'single']);
    const ban = table.rows[1]!.effect as TableEffect;
    expect(ban.peak).toEqual({ difference: -6, ci: { low: -7, high: -5 }, significant: true, when: '2024-09-30' });
    expect(ban.cumulative!.significant).toBe(false);
    expect(ban.discounted).toBeUndefined();
    const md = summaryTableMarkdown(table).split('\n');
    expect(md[2]).toBe(
      '| Arm | Metric | Effect vs control [95% CI] | Peak effect [95% CI] (when) | Cumulative effect [95% CI] | Discounted effect [95% CI] |',
    );
    expect(md[5]).toContain('| -6\\* [-7, -5] (2024-09-30) | -20 [-30, 5] | – |');
    expect(
      table.notes.some((n) => n.startsWith('Discounted: the same, each step discounted to the start at 2% a year')),
    ).toBe(true);
    const csv = csvParse(summaryTableCsv(table));
    expect(csv.columns).toEqual(
      expect.arrayContaining([
        'peak_effect',
        'peak_ci95_low',
        'peak_when',
        'cumulative_effect',
        'discounted_significant',
      ]),
    );
    expect(csv[1]).toMatchObject({
      arm: 'ban',
      peak_effect: '-6',
      peak_ci95_high: '-5',
      peak_significant: '*',
      peak_when: '2024-09-30',
      cumulative_significant: '',
      discounted_effect: '',
    });
  });
});

describe('formatSignificant', () => {
  it('rounds to the significant figures asked for, and writes tiny and huge numbers with an exponent', () => {
    expect(formatSignificant(0.012345)).toBe('0.0123');
    expect(formatSignificant(0.012345, 4)).toBe('0.01235');
    expect(formatSignificant(-12345.6)).toBe('-12300');
    expect(formatSignificant(1.215e-13)).toBe('1.22e-13');
    expect(formatSignificant(1.215e-13, 2)).toBe('1.2e-13');
    expect(formatSignificant(2.5e7, 2)).toBe('2.5e+7');
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(1.5)).toBe('1.5');
    expect(formatSignificant(undefined)).toBe('–');
    expect(formatSignificant(Number.NaN)).toBe('–');
  });

  it('never prints a long expansion, and reads back within the rounding', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e300, max: 1e300 }),
        fc.integer({ min: 1, max: 8 }),
        (value, digits) => {
          const text = formatSignificant(value, digits);
          expect(text.length).toBeLessThanOrEqual(digits + 9);
          expect(text).not.toContain('−'); // ASCII minus: CSV cells stay numbers
          const back = Number(text);
          expect(Number.isNaN(back)).toBe(false);
          if (value !== 0)
            expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.abs(value) * 10 ** (1 - digits) + Number.MIN_VALUE);
        },
      ),
    );
  });
});

describe('buildSummaryTable', () => {
  const table = buildSummaryTable(fixture(), { statistics: ['mean', 'ci', 'effect', 'relative', 'sd', 'n'] });
  const rowOf = (arm: string, metric = 'firm/SK_hynix/output') =>
    table.rows.find((r) => r.arm === arm && r.metric === metric)!;

  it('has a row per metric × arm, metrics first, in the summary order', () => {
    expect(table.rows.map((r) => `${r.metric}|${r.arm}`)).toEqual([
      'firm/SK_hynix/output|control',
      'firm/SK_hynix/output|ban',
      'firm/SK_hynix/output|same',
      'firm/SK_hynix/output|single',
      'world/world/welfare|control',
      'world/world/welfare|ban',
    ]);
    expect(rowOf('control').effect).toBe('control');
  });

  it('reads a missing interval as deterministic (two or more identical replicates) or none (one replicate), without failing', () => {
    expect(rowOf('same').ci).toBe('deterministic');
    expect(rowOf('single').ci).toBeNull();
    const noDeterministicFlag = buildSummaryTable({
      scenario: 's',
      control: null,
      metrics: [{ arm: 'a', metric: 'state/US/output', n: 3, mean: 1 }],
      effects: [],
    });
    expect(noDeterministicFlag.rows[0]!.ci).toBe('deterministic');
    expect(rowOf('ban').ci).toEqual({ low: 5.88, high: 7.12 });
  });

  it('marks an effect significant when its CI excludes 0, and never a deterministic or untested one', () => {
    const ban = rowOf('ban').effect as TableEffect;
    expect(ban).toMatchObject({ difference: -3.5, significant: true, ci: { low: -4.9, high: -2.1 } });
    expect(rowOf('same').effect).toMatchObject({ ci: 'deterministic', significant: false });
    expect(rowOf('single').effect).toMatchObject({ ci: null, significant: false });
    expect(rowOf('ban', 'world/world/welfare').effect).toMatchObject({ significant: false });
  });

  it('takes an effect between two deterministic arms as exact, even when an older summary put noise in its interval', () => {
    const t = buildSummaryTable({
      scenario: 's',
      control: 'control',
      metrics: [
        {
          arm: 'control',
          metric: 'state/CN/output',
          n: 3,
          mean: 0.807,
          sd: 1.4e-16,
          ci95: [0.8069999999999999, 0.8070000000000001],
        },
        { arm: 'fire', metric: 'state/CN/output', n: 3, mean: 0.818, sd: 0, ci95: [0.818, 0.818] },
      ],
      effects: [
        {
          arm: 'fire',
          metric: 'state/CN/output',
          difference: 0.011,
          ci95: [0.010999999999999999, 0.011000000000000001],
          relative: 0.0136,
        },
      ],
    });
    expect(t.rows.map((r) => r.ci)).toEqual(['deterministic', 'deterministic']);
    expect(t.rows[1]!.effect).toMatchObject({ ci: 'deterministic', significant: false });
    const flagged = buildSummaryTable({
      ...fixture(),
      effects: [
        {
          arm: 'ban',
          metric: 'firm/SK_hynix/output',
          difference: -3.5,
          ci95: null,
          relative: null,
          deterministic: true,
        },
      ],
    });
    expect(flagged.rows[1]!.effect).toMatchObject({ ci: 'deterministic', significant: false });
  });

  it('keeps the chosen metrics in the chosen order, and refuses one the summary lacks', () => {
    const t = buildSummaryTable(fixture(), { metrics: ['world/world/welfare', 'firm/SK_hynix/output'] });
    expect([...new Set(t.rows.map((r) => r.metric))]).toEqual(['world/world/welfare', 'firm/SK_hynix/output']);
    expect(() => buildSummaryTable(fixture(), { metrics: ['state/KR/output'] })).toThrow(/state\/KR\/output/);
  });

  it('says in its notes how to read it, and where it comes from', () => {
    const t = buildSummaryTable(fixture(), {
      provenance: 'gallium_ban · seed 7 · chokepoint 0.1.0 (abc1234)',
      step: 'step 8',
    });
    expect(t.caption).toBe('Gallium & germanium: 100% ban: key metrics at step 8');
    expect(t.notes.join(' ')).toContain("Welch's t");
    expect(t.notes.join(' ')).toContain('deterministic: all replicates identical');
    expect(t.notes.join(' ')).toContain('–: one replicate');
    expect(t.notes.at(-1)).toBe('Source: gallium_ban · seed 7 · chokepoint 0.1.0 (abc1234).');
  });
});

describe('writing the table', () => {
  const table = buildSummaryTable(fixture(), {
    statistics: ['mean', 'ci', 'effect', 'relative', 'n'],
    provenanceColumns: { seed: '7', version: '0.1.0' },
  });

  it('CSV: one numeric column per statistic, intervals split, marks and notes in columns of their own', () => {
    const rows = csvParse(summaryTableCsv(table));
    expect(rows.columns).toEqual([
      'arm',
      'metric',
      'metric_label',
      'mean',
      'ci95_low',
      'ci95_high',
      'effect',
      'effect_ci95_low',
      'effect_ci95_high',
      'significant',
      'relative',
      'n',
      'notes',
      'scenario',
      'seed',
      'version',
    ]);
    const ban = rows.find((r) => r.arm === 'ban' && r.metric === 'firm/SK_hynix/output')!;
    expect(ban).toMatchObject({
      mean: '6.5',
      ci95_low: '5.88',
      ci95_high: '7.12',
      effect: '-3.5',
      effect_ci95_low: '-4.9',
      effect_ci95_high: '-2.1',
      significant: '*',
      relative: '-0.35',
      n: '5',
      seed: '7',
      scenario: 'gallium_ban',
    });
    const same = rows.find((r) => r.arm === 'same')!;
    expect(same).toMatchObject({ ci95_low: '', ci95_high: '', significant: '' });
    expect(same.notes).toContain('deterministic');
    expect(rows.find((r) => r.arm === 'control' && r.metric === 'world/world/welfare')!.mean).toBe('1.22e-13');
    for (const row of rows)
      for (const column of ['mean', 'ci95_low', 'effect', 'relative'])
        if (row[column] !== '') expect(Number.isFinite(Number(row[column])), `${column} ${row[column]}`).toBe(true);
  });

  it('Markdown: a header per statistic, one line per row, escaped text, the mark and "deterministic" in place of an interval', () => {
    const md = summaryTableMarkdown(table);
    const lines = md.split('\n').filter((l) => l.startsWith('|'));
    expect(lines[0]).toBe('| Arm | Metric | Mean | 95% CI | Effect vs control [95% CI] | Relative effect | n |');
    expect(lines[1]).toBe('|---|---|---:|---|---|---:|---:|');
    expect(lines).toHaveLength(2 + table.rows.length);
    for (const line of lines) expect(line.split(/(?<!\\)\|/).length - 2).toBe(7);
    expect(lines[3]).toBe('| ban | SK\\_hynix output | 6.5 | [5.88, 7.12] | -3.5\\* [-4.9, -2.1] | -35% | 5 |');
    expect(lines[4]).toContain('| deterministic | 0.1 (deterministic) |');
    expect(lines[5]).toContain('| 9 | – | -1 | -10% | 1 |');
    expect(md.startsWith('**Gallium & germanium: 100% ban: key metrics at the final step**')).toBe(true);
  });

  it('escapes Markdown cell text', () => {
    expect(escapeMarkdown('a|b_c*d`e\\')).toBe('a\\|b\\_c\\*d\\`e\\\\');
  });

  it('LaTeX: booktabs, one cell per column, escaped text, numbers in math mode', () => {
    const tex = summaryTableLatex(table);
    expect(tex).toContain('\\begin{tabular}{llrllrr}');
    for (const rule of ['\\toprule', '\\midrule', '\\bottomrule'])
      expect(tex.split('\n').filter((l) => l === rule)).toHaveLength(1);
    const body = tex.split('\n').filter((l) => l.endsWith('\\\\'));
    expect(body).toHaveLength(1 + table.rows.length);
    for (const line of body) expect(line.split(/(?<!\\)&/).length).toBe(7);
    expect(tex).toContain('\\caption{Gallium \\& germanium: 100\\% ban: key metrics at the final step}');
    expect(tex).toContain('\\label{tab:gallium-ban}');
    expect(tex).toContain(
      'ban & SK\\_hynix output & $6.5$ & [$5.88$, $7.12$] & ${-3.5}^{*}$ [$-4.9$, $-2.1$] & $-35$\\% & $5$ \\\\',
    );
    expect(tex).toContain('$1.22\\times10^{-13}$');
    expect(tex).not.toContain('$$');
    // A significant tiny effect: the mark must not make a double superscript of the exponent.
    const tiny = summaryTableLatex(
      buildSummaryTable({
        ...fixture(),
        effects: [
          { arm: 'ban', metric: 'firm/SK_hynix/output', difference: -3.5e-9, ci95: [-4.9e-9, -2.1e-9], relative: null },
        ],
      }),
    );
    expect(tiny).toContain('${-3.5\\times10^{-9}}^{*}$');
    expect(tiny).not.toMatch(/\^\{[^}]*\}\^/);
    // Every special character outside math mode is escaped.
    const text = tex
      .split('\n')
      .filter((line) => !line.startsWith('%'))
      .join('\n')
      .replace(/ & /g, ' ') // the column separators
      .replace(/\$[^$]*\$/g, '')
      .replace(/\\[a-zA-Z]+(\{[^}]*\})?|\\[&%#_{}$]/g, '');
    expect(text).not.toMatch(/[&%#_^~]/);
  });

  it('escapes LaTeX specials, and leaves no bare one behind for any text', () => {
    expect(escapeLatex('US>CN:chip_eq 50% & more #1 {x} $5 ~a^b \\')).toBe(
      'US\\textgreater{}CN:chip\\_eq 50\\% \\& more \\#1 \\{x\\} \\$5 \\textasciitilde{}a\\textasciicircum{}b \\textbackslash{}',
    );
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', ' ', '\\', '&', '%', '$', '#', '_', '{', '}', '~', '^', '<', '>', '|'),
        }),
        (s) => {
          const stripped = escapeLatex(s).replace(
            /\\(?:textbackslash|textasciitilde|textasciicircum|textless|textgreater|textbar)\{\}|\\[&%$#_{}]/g,
            '',
          );
          expect(stripped).toMatch(/^[a ]*$/);
        },
      ),
    );
  });

  it('shows the swept parameters of each point', () => {
    const swept = buildSummaryTable({
      scenario: 'sweep',
      control: null,
      points: [{ licence: 0.1 + 0.2 }, { licence: 0.5 }],
      metrics: [
        { arm: 'base', point: 1, metric: 'state/CN/output', n: 2, mean: 3, sd: 1, ci95: [1, 5] },
        { arm: 'base', point: 0, metric: 'state/CN/output', n: 2, mean: 4, sd: 1, ci95: [2, 6] },
      ],
      effects: [],
    });
    expect(swept.rows.map((r) => r.point)).toEqual([0, 1]);
    expect(summaryTableMarkdown(swept).split('\n')[2]).toBe(
      '| Arm | Metric | Parameters | Mean | 95% CI | Effect vs control [95% CI] |',
    );
    expect(summaryTableMarkdown(swept)).toContain('| base | CN output | licence = 0.3 | 4 |');
    expect(csvParse(summaryTableCsv(swept)).map((r) => r.licence)).toEqual(['0.3', '0.5']);
  });
});
