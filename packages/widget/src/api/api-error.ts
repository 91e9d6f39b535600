/** One field problem from a 422: where (`["body", "credentials", "apiKey"]`) and what. */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
  /** What kind of problem (`value_error.missing`, `value_error.rejected`…), for clients that say it in their own words. */
  type?: string;
}

/** A failed BFF call, carrying Svix's `{code, detail}` so callers branch on `code`, not on text. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** What the server added: a transformation's error position and console, say. */
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    const detail = body.detail;
    const fields = Array.isArray(detail) ? (detail as FieldError[]) : [];
    super(typeof detail === 'string' ? detail : fields.map((f) => f.msg).join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : 'http_error';
    this.fields = fields;
    this.body = body;
  }

  /** The message for one form field (the last part of `loc`), if the server named it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.loc[f.loc.length - 1] === name)?.msg;
  }
}
