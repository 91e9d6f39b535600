import { ApiError } from './api-error.ts';

export interface ConnectorKindInfo {
  kind: string;
  name: string;
  connect: 'oauth' | 'api-key' | 'url' | 'custom';
}

/** The widget's only way to the BFF: JSON in, JSON or {@link ApiError} out. */
export class BffClient {
  readonly #base: string;
  constructor(apiBase: string) {
    this.#base = apiBase.replace(/\/+$/, '');
  }

  async listKinds(signal?: AbortSignal): Promise<ConnectorKindInfo[]> {
    const body = await this.#get<{ data: ConnectorKindInfo[] }>('/portal/v1/kinds', signal);
    return body.data;
  }

  async #get<T>(path: string, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, {
        headers: { accept: 'application/json' },
        signal: signal ?? null,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, 'network_error', 'The connection to the server failed');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = (body ?? {}) as { code?: unknown; detail?: unknown };
      throw new ApiError(
        response.status,
        typeof problem.code === 'string' ? problem.code : 'http_error',
        problem.detail,
      );
    }
    return body as T;
  }
}
