/**
 * Types for asl-validator 4 (the package ships JavaScript only): its default export validates a
 * state machine definition against the ASL JSON schemas and a few semantic rules.
 * Shapes from its src/types.ts and src/validator.ts.
 */
declare module 'asl-validator' {
  interface StateMachineError {
    /** e.g. `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, `WAIT_DURATION`. */
    'Error code': string;
    Message: string;
    /** Only on schema errors: where (`/States/A/ResultPath`) and which schema rule. */
    schemaError?: { instancePath: string; schemaPath: string };
  }
  interface ValidationOptions {
    /** Check JSONPath syntax in paths and payload templates (default true). */
    readonly checkPaths: boolean;
    /** Check the shape of `Resource` ARNs (default true). */
    readonly checkArn: boolean;
  }
  /** Note: sets `QueryLanguage` on every state of `definition` it is given (pass a copy). */
  function validator(
    definition: object,
    options?: ValidationOptions,
  ): { isValid: boolean; errors: StateMachineError[]; errorsText: (separator?: string) => string };
  export = validator;
}
