import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { loadServerlessConfig, type Json } from 'offline-aws/serverless/config';

/**
 * The wiring of the definition check into `sls package` / `sls deploy`: the project plugin's
 * `before:package:initialize` hook, called here as the framework calls it, with a fake framework
 * that carries the resolved configuration (`configurationInput`) and the framework's error class.
 */
const root = resolve(__dirname, '../..');

class ServerlessError extends Error {}

interface FakeServerless {
  serviceDir: string;
  configurationInput: { stepFunctions: Json };
  classes: { Error: typeof ServerlessError };
  processedInput: { commands: string[] };
  service: { functions: Record<string, never> };
  getProvider: (name: string) => { getStage: () => string; getRegion: () => string };
}
type PluginClass = new (
  serverless: FakeServerless,
  options: object,
  utils: { log: (text: string) => void },
) => { hooks: Record<string, () => Promise<void>> };

const Plugin = createRequire(__filename)('offline-aws/serverless-plugin.cjs') as PluginClass;

function packageHook(stepFunctions: Json, log: (text: string) => void): () => Promise<void> {
  const serverless: FakeServerless = {
    serviceDir: root,
    configurationInput: { stepFunctions },
    classes: { Error: ServerlessError },
    processedInput: { commands: ['package'] },
    service: { functions: {} },
    getProvider: () => ({ getStage: () => 'dev', getRegion: () => 'eu-west-1' }),
  };
  const hook = new Plugin(serverless, {}, { log }).hooks['before:package:initialize'];
  if (!hook) throw new Error('the plugin has no before:package:initialize hook');
  return hook;
}

const declared = () => structuredClone(loadServerlessConfig({ root }).stepFunctions);

describe('the before:package:initialize hook', () => {
  it('prints that it checked the real definition', async () => {
    const log = jest.fn((_text: string): void => undefined);
    await packageHook(declared(), log)();
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining('State machine "orderProcessing": definition checked (strict ASL, offline-runnable): OK'),
    );
  });

  it('fails the command with the path, field and value of a bad Retrier', async () => {
    const stepFunctions = declared() as {
      stateMachines: { orderProcessing: { definition: { States: Record<string, Record<string, Json>> } } };
    };
    const capture = stepFunctions.stateMachines.orderProcessing.definition.States.CloseFulfilmentWindow;
    if (!capture) throw new Error('no CloseFulfilmentWindow state');
    capture.Retry = [{ ErrorEquals: ['States.ALL'], MaxDelaySecond: 30, JitterStrategy: 'FULLY' }];
    const log = jest.fn((_text: string): void => undefined);
    const run = packageHook(stepFunctions as unknown as Json, log)();
    await expect(run).rejects.toBeInstanceOf(ServerlessError);
    await expect(run).rejects.toThrow(
      'States.CloseFulfilmentWindow.Retry[0]: field "JitterStrategy" = "FULLY": Value is not accepted.',
    );
    await expect(run).rejects.toThrow(
      'States.CloseFulfilmentWindow.Retry[0]: field "MaxDelaySecond": Field is not supported.',
    );
    expect(log).not.toHaveBeenCalled();
  });
});
