// The calls of Grafana's HTTP API that provisioning makes, with a service account token. Each failure names the
// URL, the status and Grafana's message, and what to do about it.

export class GrafanaApiError extends Error {
  override readonly name = 'GrafanaApiError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface GrafanaResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export class GrafanaApi {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  /** The response, whatever its status; only an unreachable server throws. */
  async call(method: string, path: string, body?: unknown): Promise<GrafanaResponse> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new GrafanaApiError(`Cannot reach Grafana at ${this.base} (${cause?.code ?? cause?.message ?? (error as Error).message}): check --url.`);
    }
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    if (response.status === 401 || response.status === 403)
      throw new GrafanaApiError(`Grafana at ${this.base} refused the token (${response.status} ${String(parsed['message'] ?? '')}) for ${method} ${path}: use a service account token with the Editor role on the folder, or Admin to create data sources.`, response.status);
    return { status: response.status, body: parsed };
  }

  /** The response of a call that must succeed; any other status is an error with Grafana's message. */
  async expect(method: string, path: string, body: unknown, ok: readonly number[] = [200]): Promise<GrafanaResponse> {
    const response = await this.call(method, path, body);
    if (!ok.includes(response.status)) throw new GrafanaApiError(`Grafana at ${this.base} answered ${response.status} to ${method} ${path}: ${String(response.body['message'] ?? JSON.stringify(response.body))}`, response.status);
    return response;
  }
}
