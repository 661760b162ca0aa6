import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partName } from '@chokepoint/format';
import type { RunOutputWriter } from '@chokepoint/outputs/internal';
import { PartAppender } from '@chokepoint/outputs/internal';

/** A stand-in for RunOutputWriter: records the parts appended, each append taking a turn of the event loop. */
function fakeWriter(failAt = -1): { writer: RunOutputWriter; appended: string[] } {
  const appended: string[] = [];
  const writer = {
    threads: 0,
    get nextRun() {
      return appended.length;
    },
    async append(path: string) {
      await new Promise((r) => setImmediate(r));
      if (appended.length === failAt) throw new Error(`cannot append ${path}`);
      appended.push(path);
    },
  };
  return { writer: writer as unknown as RunOutputWriter, appended };
}

describe('PartAppender', () => {
  it('appends parts in run order, whatever order the runs finish in', async () => {
    const { writer, appended } = fakeWriter();
    const appender = new PartAppender(writer, 'parts', 5);
    appender.finished(2);
    appender.finished(1);
    await appender.settle();
    expect(appended).toEqual([]); // run 0 has not finished
    appender.finished(0);
    expect(appender.nextRun).toBe(0);
    await appender.settle();
    expect(appender.nextRun).toBe(3);
    expect(appended).toEqual([0, 1, 2].map((i) => join('parts', partName(i))));
    appender.finished(4);
    await appender.settle();
    expect(appended).toHaveLength(3);
    appender.finished(3);
    await appender.settle();
    expect(appended).toEqual([0, 1, 2, 3, 4].map((i) => join('parts', partName(i))));
  });

  it('picks up runs that finish while it appends, and reports each append', async () => {
    const { writer, appended } = fakeWriter();
    const appender = new PartAppender(writer, 'parts', 3);
    let reported = 0;
    appender.onChange = () => reported++;
    appender.finished(0);
    await new Promise((r) => setImmediate(r));
    appender.finished(1);
    appender.finished(2);
    await appender.settle();
    expect(appended).toHaveLength(3);
    expect(reported).toBe(3);
  });

  it('stops at a failed append and reports its error', async () => {
    const { writer, appended } = fakeWriter(1);
    const appender = new PartAppender(writer, 'parts', 3);
    let reported = 0;
    appender.onChange = () => reported++;
    for (const i of [0, 1, 2]) appender.finished(i);
    await expect(appender.settle()).rejects.toThrow(`cannot append ${join('parts', partName(1))}`);
    expect(appended).toHaveLength(1);
    expect(appender.error).toBeDefined();
    expect(appender.nextRun).toBe(1);
    expect(reported).toBe(2); // the append of run 0, then the failure
  });
});
