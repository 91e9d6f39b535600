/** A failed BFF call, carrying Svix's `{code, detail}` so callers branch on `code`, not on text. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: unknown;
  constructor(status: number, code: string, detail: unknown) {
    super(typeof detail === 'string' ? detail : `${code} (HTTP ${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}
