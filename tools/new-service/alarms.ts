/**
 * The new Task function's CloudWatch alarms in ops/serverless.yml, written by hand there today
 * (`npm run check:template` fails for a function without them). Kept apart from the rest of the
 * generator: when the alarms are generated for every function automatically, delete this file and
 * its one call in tools/new-service/plan.ts.
 */
import type { ServiceNames } from './names';
import { WiringError } from './wiring';

export const OPS_FILE = 'ops/serverless.yml';

/** `<Fn>ErrorsAlarm` and `<Fn>ThrottlesAlarm`, the shape of every function's alarms in ops/serverless.yml. */
export function functionAlarms(n: ServiceNames): string {
  const alarm = (kind: 'Errors' | 'Throttles', body: string, suffix: string) =>
    [
      `    ${n.taskPascal}${kind}Alarm:`,
      '      Type: AWS::CloudWatch::Alarm',
      '      Properties:',
      `        <<: *${body}`,
      `        AlarmName: \${self:service}-\${sls:stage}-${n.task}-${suffix}`,
      `        Dimensions: [{ Name: FunctionName, Value: !Ref ${n.functionLogicalId} }]`,
    ].join('\n');
  return [
    `    # ${n.service}`,
    alarm('Errors', 'lambdaErrors', 'errors'),
    alarm('Throttles', 'lambdaThrottles', 'throttles'),
  ].join('\n');
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * Appends the function's alarms at the end of `resources.Resources` in ops/serverless.yml: after its
 * last resource, before the comment and key that follow the mapping (`Conditions`, …) if any.
 */
export function addFunctionAlarms(source: string, n: ServiceNames): string {
  const lines = source.split('\n');
  const resources = lines.findIndex((line) => /^resources:\s*$/.test(line));
  const mapping = lines.findIndex((line, index) => index > resources && /^ {2}Resources:\s*$/.test(line));
  if (resources === -1 || mapping === -1) throw new WiringError(`${OPS_FILE}: no resources.Resources mapping`);
  // The first line after the mapping that is back at its indentation or less (a comment counts when
  // it is, as the one that introduces the next key does).
  let end = lines.findIndex((line, index) => index > mapping && line.trim() !== '' && indentOf(line) <= 2);
  if (end === -1) end = lines.length;
  while (end > mapping + 1 && (lines[end - 1]?.trim() ?? '') === '') end -= 1;
  lines.splice(end, 0, functionAlarms(n));
  return lines.join('\n');
}
