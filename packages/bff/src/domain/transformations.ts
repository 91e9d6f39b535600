import type { TransformResult } from '../transform/contract.ts';
import type { TransformEngine } from '../transform/engine.ts';

export interface SimulateInput {
  code: string;
  eventType: string;
  payload: Record<string, unknown>;
  url: string;
  variables?: Record<string, string> | null;
  transformationsParams?: Record<string, unknown> | null;
}

export type Transformations = ReturnType<typeof createTransformations>;

/** Transformation rules the API needs: check code before it is saved, and try it out. */
export function createTransformations({ engine }: { engine: TransformEngine }) {
  return {
    /** Throws a 422 TransformError, with the position, unless `code` parses and declares `handler`. */
    check(code: string): void {
      engine.validate(code);
    },
    simulate(input: SimulateInput): TransformResult {
      return engine.simulate(input.code, {
        url: input.url,
        eventType: input.eventType,
        payloadJson: JSON.stringify(input.payload),
        env: input.variables ?? {},
        transformationsParams: input.transformationsParams ?? null,
      });
    },
  };
}
