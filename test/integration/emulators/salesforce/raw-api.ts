/** A plain HTTP call to the emulator with a session token: status, headers and the parsed body. */
export async function rawApi(baseUrl: string, token: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith('[') || text.startsWith('{') ? JSON.parse(text) : text,
  };
}
