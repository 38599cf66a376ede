/**
 * Each service's declaration (`errors` in services/<name>/service.ts) is the one source of its
 * business errors: name, the functions that throw it, the customer's words, whether it pages.
 * Everything else follows it, generated or checked (tools/business-errors/):
 * - generated: services/shared/business-errors.ts, from which the order outcomes
 *   (ORDER_OUTCOME_ERRORS), the outcome metric's reasons (CANCELLATION_REASONS), submitReview's
 *   failures after approval and the notification wording (REASONS) are derived in code;
 * - checked: the ops metric filter (ops/serverless.yml), each function's `alarms.errorRate`
 *   (services/<name>/serverless.yml, from which packaging generates its alarm), the rows of
 *   docs/operations.md.
 * The last test adds an error to a declaration and shows what follows by itself and that every
 * other place is named, with what to write.
 */
import { loadServices } from '../../../tools/offline/services';
import { CANCELLATION_REASONS } from '../../../services/orders/domain/update-status';
import { REASONS } from '../../../services/notification/domain/notify';
import type { ServiceDeclaration } from '../../../services/shared/declaration';
import { CUSTOMER_WORDING, ESCALATION_ERRORS, ORDER_OUTCOME_ERRORS } from '../../../services/shared/workflow-errors';
import { copyProblems, docsRow, filterPattern } from '../../../tools/business-errors/copies';
import {
  declaredErrors,
  isOrderOutcome,
  renderModule,
  type DeclaredError,
} from '../../../tools/business-errors/declared';
import { readCopyFiles } from '../../../tools/cli/business-errors';

const root = process.cwd();
let services: ServiceDeclaration[];
let errors: DeclaredError[];
beforeAll(async () => {
  services = await loadServices(root);
  errors = declaredErrors(services);
});

it('finds every copy following the declarations (else it names the file and what to write there)', () => {
  expect(copyProblems(errors, readCopyFiles(root))).toEqual([]);
});

it('derives the order outcomes, their metric reasons and the customer’s words from the declarations', () => {
  const outcomes = errors.filter(isOrderOutcome).map((error) => error.name);
  expect(outcomes).toEqual(expect.arrayContaining(['OutOfStock', 'PaymentDeclined', 'OrderCancelled']));
  expect([...ORDER_OUTCOME_ERRORS]).toEqual(outcomes);
  expect([...CANCELLATION_REASONS].sort()).toEqual([...outcomes, 'CompensationFailed'].sort());
  for (const error of errors.filter((e) => e.customerWording !== undefined)) {
    expect([error.name, REASONS[error.name]]).toEqual([error.name, error.customerWording]);
  }
  expect(Object.keys(REASONS).sort()).toEqual([...Object.keys(CUSTOMER_WORDING), ...ESCALATION_ERRORS].sort());
});

describe('refusing declarations that cannot be copied', () => {
  const service = (name: string, declared: ServiceDeclaration['errors']): ServiceDeclaration => ({
    name,
    table: 'T',
    tasks: {},
    errors: declared,
  });

  it('refuses a name declared by two services, naming both', () => {
    const twice = [
      service('a', { Gone: { thrownBy: [], alarms: true } }),
      service('b', { Gone: { thrownBy: [], alarms: true } }),
    ];
    expect(() => declaredErrors(twice)).toThrow(
      'services/b/service.ts: error Gone is declared by services/a/service.ts too',
    );
  });

  it('refuses a name that is not a class name, and wording that is not one line', () => {
    expect(() => declaredErrors([service('a', { 'out-of-stock': { thrownBy: [], alarms: false } })])).toThrow(
      /class name/,
    );
    const wording = { Gone: { thrownBy: [], customerWording: 'one\ntwo', alarms: false } };
    expect(() => declaredErrors([service('a', wording)])).toThrow(/one line of text/);
  });

  it('renders wording with quotes as prettier writes it', () => {
    const quoted = declaredErrors([
      service('a', { Gone: { thrownBy: [], customerWording: "it's gone", alarms: false } }),
    ]);
    expect(renderModule(quoted)).toContain(`customerWording: "it's gone",`);
  });
});

describe('adding a business error to a declaration', () => {
  // What a fork writes in services/inventory/service.ts, and nothing else.
  const added: ServiceDeclaration['errors'][string] = {
    thrownBy: ['reserveInventory'],
    customerWording: 'an item is no longer sold',
    alarms: false,
  };
  const withAdded = (): DeclaredError[] =>
    declaredErrors(
      services.map((service) =>
        service.name === 'inventory' ? { ...service, errors: { ...service.errors, SkuDiscontinued: added } } : service,
      ),
    );

  it('names every other place to edit, with what to write', () => {
    const next = withAdded();
    const outcomes = next.filter(isOrderOutcome).map((error) => error.name);
    const row = docsRow(next.find((error) => error.name === 'SkuDiscontinued') as DeclaredError);
    expect(copyProblems(next, readCopyFiles(root))).toEqual([
      'services/shared/business-errors.ts is out of date with the declarations: run `npx tsx tools/cli/business-errors.ts`',
      'ops/serverless.yml: UnexpectedExecutionFailuresMetricFilter must leave out exactly the order outcomes ' +
        `(missing: SkuDiscontinued); write FilterPattern: '${filterPattern(outcomes)}'`,
      'services/inventory/serverless.yml: reserveInventory needs `alarms: { errorRate: [OutOfStock, SkuDiscontinued] }` ' +
        '(the errors it throws that do not page)',
      `docs/operations.md: no row for SkuDiscontinued; add: ${row}`,
      'docs/workflow.md: name `SkuDiscontinued` in "Error names" (with how an order that did not complete ends)',
    ]);
    expect(row).toBe('| `SkuDiscontinued` | inventory | `reserveInventory` | an item is no longer sold | no |');
  });

  it('once those are written, its wording and outcome follow in the generated module', () => {
    const module = renderModule(withAdded());
    expect(module).toContain(
      [
        '  SkuDiscontinued: {',
        "    service: 'inventory',",
        '    alarms: false,',
        "    customerWording: 'an item is no longer sold',",
      ].join('\n'),
    );
    // The code derives the rest from that module: ORDER_OUTCOME_ERRORS keeps every error with words
    // that does not page, REASONS every error's words (the test above checks both on the real module).
  });

  it('a paging error with no words is neither an outcome nor in the metric filter: only its docs row and the module', () => {
    const next = declaredErrors(
      services.map((service) =>
        service.name === 'inventory'
          ? {
              ...service,
              errors: { ...service.errors, StockCorrupted: { thrownBy: ['reserveInventory'], alarms: true } },
            }
          : service,
      ),
    );
    expect(copyProblems(next, readCopyFiles(root))).toEqual([
      'services/shared/business-errors.ts is out of date with the declarations: run `npx tsx tools/cli/business-errors.ts`',
      'docs/operations.md: no row for StockCorrupted; add: | `StockCorrupted` | inventory | `reserveInventory` | — | yes |',
      'docs/workflow.md: name `StockCorrupted` in "Error names" (with the other business errors)',
    ]);
  });
});
