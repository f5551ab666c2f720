// The page's calls to ait-web's API. The cookie set when the page was
// opened authenticates them; the browser adds the page's Origin to a POST.

export class APIError extends Error {
  constructor(status, body) {
    super((body && body.error) || (typeof body === "string" && body) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function call(path, options = {}) {
  const resp = await fetch(path, { credentials: "same-origin", ...options });
  const type = resp.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await resp.json() : await resp.text();
  if (!resp.ok) throw new APIError(resp.status, body);
  return body;
}

export const get = (path) => call(path);

export const post = (path, form, headers = {}) => call(path, { method: "POST", body: form, headers });
