import { describe, expect, it } from 'vitest';
import { extractScenarioInfo } from '../src/index.js';

describe('extractScenarioInfo', () => {
  it('reads plain, quoted and block scalars and a list of sources', () => {
    const text = [
      '# a comment',
      'title: Huawei 2019–2023   # inline comment',
      'description: |',
      '  First line.',
      '  Second line.',
      '',
      '  New paragraph.',
      'sources:',
      '  - "Huawei annual report 2021: revenue CNY 637bn"',
      "  - 'Counterpoint (2021), smartphone share'",
      '  - author: Allen, G.',
      '    year: 2022',
      '    title: Choking off China’s AI access',
      '    url: https://www.csis.org/x',
      '  - plain text source',
      'world:',
      '  title: not this one',
    ].join('\n');
    expect(extractScenarioInfo(text)).toEqual({
      title: 'Huawei 2019–2023',
      description: 'First line.\nSecond line.\n\nNew paragraph.',
      sources: [
        'Huawei annual report 2021: revenue CNY 637bn',
        'Counterpoint (2021), smartphone share',
        'Allen, G. (2022). Choking off China’s AI access. https://www.csis.org/x',
        'plain text source',
      ],
    });
  });
  it('folds > blocks and reads flow sequences', () => {
    expect(extractScenarioInfo('title: "A: B"\ndescription: >\n  one\n  two\nsources: [x, "y, z"]\n')).toEqual({
      title: 'A: B',
      description: 'one two',
      sources: ['x', 'y, z'],
    });
  });
  it('reads JSON scenario files', () => {
    expect(extractScenarioInfo('{"title":"T","description":"D","sources":["S",{"title":"U","year":2020}]}')).toEqual({
      title: 'T',
      description: 'D',
      sources: ['S', '(2020). U.'],
    });
  });
  it('leaves out what is missing', () => {
    expect(extractScenarioInfo('horizon: 4\n')).toEqual({ sources: [] });
  });
});
