/** The few GitHub REST calls the Action makes, over fetch with the workflow's token. */

export const COMMENT_MARKER = '<!-- notion-workspace-sync -->';

export interface GitHubClient {
  apiUrl: string;
  token: string;
  repository: string;
}

async function call(gh: GitHubClient, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${gh.apiUrl}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${gh.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'notion-workspace-sync-action',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`GitHub ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Writes the summary as the one comment of this Action on the pull request: the comment that
 * carries our marker is edited; only when there is none is a new one created.
 */
export async function upsertComment(
  gh: GitHubClient,
  issueNumber: number,
  body: string,
): Promise<{ id: number; action: 'created' | 'updated' }> {
  const text = `${COMMENT_MARKER}\n${body}`;
  for (let page = 1; page <= 20; page++) {
    const comments = (await call(
      gh,
      'GET',
      `/repos/${gh.repository}/issues/${issueNumber}/comments?per_page=100&page=${page}`,
    )) as Array<{ id: number; body?: string }>;
    const ours = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
    if (ours) {
      await call(gh, 'PATCH', `/repos/${gh.repository}/issues/comments/${ours.id}`, { body: text });
      return { id: ours.id, action: 'updated' };
    }
    if (comments.length < 100) break;
  }
  const created = (await call(gh, 'POST', `/repos/${gh.repository}/issues/${issueNumber}/comments`, {
    body: text,
  })) as { id: number };
  return { id: created.id, action: 'created' };
}
