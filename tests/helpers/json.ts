/** A response body as JSON; tests read fields freely and assert on them. */
export function json(response: Response): Promise<any> {
  return response.json();
}
