export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A thin JSON client: every call returns status, headers and the parsed body, never throws on 4xx/5xx. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  get<T = unknown>(path: string, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = unknown>(
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  put<T = unknown>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    return this.request<T>('PUT', path, body, headers);
  }

  admin(): Record<string, string> {
    return { authorization: `Bearer ${this.adminToken}` };
  }

  async request<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<HttpResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
}
