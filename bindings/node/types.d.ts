// Hand-written types the generated declarations (`generated/api.d.ts`) import:
// per-call options, retry configuration, the value a list method returns and
// what an upload accepts.

/** How a call is retried (the core's retry policy, camelCase). Unset fields keep the core's defaults. */
export interface RetryConfig {
  /** `'backoff'` (the default) retries 429/5xx with exponential backoff; `'none'` never retries. */
  strategy?: 'backoff' | 'none';
  backoff?: {
    initialIntervalMs?: number;
    maxIntervalMs?: number;
    exponent?: number;
    maxElapsedTimeMs?: number;
  };
  retryConnectionErrors?: boolean;
  maxAttempts?: number;
}

/** Options of one call: `clerk.users.get(params, options)`. */
export interface RequestOptions {
  /** Aborts the call (the connection is closed) or the page iteration. */
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: RetryConfig;
  headers?: Record<string, string>;
  serverUrl?: string;
}

/**
 * What a list method returns: awaiting it gives the page as the API returns
 * it; `for await` iterates over every item of every page.
 */
export type Paginated<TPage, TItem> = Promise<TPage> & AsyncIterable<TItem>;

/** A file for a multipart parameter: bytes, a Blob/File, or a path streamed from disk. */
export type FileInput =
  | Buffer
  | Uint8Array
  | Blob
  | { path: string; fileName?: string; contentType?: string }
  | { data: Buffer | Uint8Array | Blob; fileName?: string; contentType?: string };
