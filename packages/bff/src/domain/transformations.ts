import type { TransformResult } from '../transform/contract.ts';
import { type TransformService, VENDOR_SCOPE } from '../transform/service.ts';

export interface SimulateInput {
  code: string;
  eventType: string;
  payload: Record<string, unknown>;
  url: string;
  variables?: Record<string, string> | null;
  transformationsParams?: Record<string, unknown> | null;
  /** The application whose code this is; none: the vendor's (a connector's). */
  appId?: string;
}

export type Transformations = ReturnType<typeof createTransformations>;

/** Transformation rules the API needs: check code before it is saved, and try it out. */
export function createTransformations({ engine }: { engine: TransformService }) {
  return {
    /**
     * Rejects with a 422 TransformError, with the position, unless `code` parses and declares
     * `handler`. `appId`: the application whose code this is; none: the vendor's (a connector's).
     */
    check(code: string, appId?: string): Promise<void> {
      return engine.validate(appId ?? VENDOR_SCOPE, code);
    },
    simulate(input: SimulateInput): Promise<TransformResult> {
      return engine.simulate(input.appId ?? VENDOR_SCOPE, input.code, {
        url: input.url,
        eventType: input.eventType,
        payloadJson: JSON.stringify(input.payload),
        env: input.variables ?? {},
        transformationsParams: input.transformationsParams ?? null,
      });
    },
  };
}
