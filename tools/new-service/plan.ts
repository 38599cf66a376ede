/**
 * What `npm run new:service` writes: the files it creates and the existing files it edits (pure:
 * existing files come in through `read`). Nothing is written here; the CLI checks the whole plan
 * first (no file to create may exist), formats it with prettier, then writes it.
 */
import type { ServiceNames } from './names';
import { renderServiceFiles, type GeneratedFile } from './render-service';
import { renderEvents, renderTestFiles } from './render-tests';
import {
  IDEMPOTENCY_FILE,
  ROOT_SERVERLESS_FILE,
  TASK_INPUTS_FILE,
  wireIdempotency,
  wireRootServerless,
  wireTaskInputs,
} from './wiring';

export interface Plan {
  /** New files: the service, its tests and sample events. */
  create: GeneratedFile[];
  /** Existing files, with their new content: the wiring. */
  edit: GeneratedFile[];
}

/**
 * @param read returns the text of an existing project file (path from the project root).
 * @throws WiringError when an existing file lacks the line an edit inserts at.
 */
export function planService(n: ServiceNames, read: (path: string) => string): Plan {
  const edit = (path: string, change: (source: string, names: ServiceNames) => string): GeneratedFile => ({
    path,
    content: change(read(path), n),
  });
  return {
    create: [...renderServiceFiles(n), ...renderTestFiles(n), ...renderEvents(n)],
    edit: [
      edit(ROOT_SERVERLESS_FILE, wireRootServerless),
      edit(TASK_INPUTS_FILE, wireTaskInputs),
      edit(IDEMPOTENCY_FILE, wireIdempotency),
    ],
  };
}
