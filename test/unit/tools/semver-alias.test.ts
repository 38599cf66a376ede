/**
 * serverless.yml bundles tools/build/semver-gte.cjs in place of `semver` (custom.esbuild.alias). That
 * is only safe while every bundled module that requires semver calls `gte` alone: this builds the
 * handler with the most dependencies as packaging does and checks each of them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { loadServerlessConfig } from 'offline-aws/serverless/config';

const root = resolve(__dirname, '../../..');
const config = loadServerlessConfig({ root, stage: 'dev' });
const alias = (config.custom.esbuild as { alias?: Record<string, string> }).alias ?? {};

it('is configured for packaging', () => {
  expect(alias).toEqual({ semver: './tools/build/semver-gte.cjs' });
});

it('leaves only semver.gte calls in the bundled modules that require semver', () => {
  const built = buildSync({
    entryPoints: [resolve(root, 'services/orders/handlers/updateOrderStatus.ts')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['@aws-sdk/*', '@smithy/*'],
    alias,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = Object.entries(built.metafile.inputs);
  const users = inputs.filter(([, input]) => input.imports.some((i) => i.original === 'semver'));
  // From node_modules/ on: esbuild names a file by its real path, relative to the working directory
  // (../<elsewhere>/node_modules/… when node_modules is a link, as in a copy of the repository).
  const fromNodeModules = (file: string) => file.slice(file.lastIndexOf('node_modules/'));
  expect(users.map(([file]) => fromNodeModules(file))).toEqual([
    'node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js',
  ]);
  for (const [file] of users) {
    const calls = [...readFileSync(resolve(root, file), 'utf8').matchAll(/\bsemver\.(\w+)/g)].map((m) => m[1]);
    expect([file, [...new Set(calls)]]).toEqual([file, ['gte']]);
  }
  // No copy of the whole package is bundled.
  expect(inputs.filter(([file]) => /semver\/(index|classes\/range)\.js$/.test(file))).toEqual([]);
});

it('answers gte as semver does', () => {
  const { gte } = createRequire(__filename)(resolve(root, 'tools/build/semver-gte.cjs')) as {
    gte: (a: string, b: string) => boolean;
  };
  expect([gte('24.11.0', '8.0.0'), gte('3.1.0', '3.2.0'), gte('3.2.0', '3.2.0')]).toEqual([true, false, true]);
});
