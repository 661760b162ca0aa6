/// <reference lib="webworker" />
import { checkScenario, ready, type Checked } from './check.ts';

/*
 * The playground's check worker: loads and plans the edited file off the page's thread, so
 * typing stays responsive while a large design (a sensitivity analysis of a thousand runs
 * plans in seconds) is checked.
 */

/** What the page sends. */
export interface CheckRequest {
  id: number;
  path: string;
  text: string;
}

/** What the worker answers. */
export interface CheckResponse {
  id: number;
  checked: Checked;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
const loaded = ready();

scope.onmessage = async (event: MessageEvent<CheckRequest>) => {
  await loaded;
  const { id, path, text } = event.data;
  scope.postMessage({ id, checked: checkScenario(path, text) } satisfies CheckResponse);
};
