// Guards and small conversions for untyped JSON read from other tools' stores.

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0];
  return String(err);
}

/** Tool input as compact JSON (a JSON string is re-serialised compactly; plain text stays as it is). */
export function compactInput(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') {
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(t));
      } catch {
        return v;
      }
    }
    return v;
  }
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Text of Anthropic-style content: a string or an array of blocks (text blocks joined; images noted). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const b of arr(content)) {
    if (typeof b === 'string') parts.push(b);
    else if (isRecord(b)) {
      if (typeof b.text === 'string') parts.push(b.text);
      else if (b.type === 'image') parts.push('[image]');
    }
  }
  return parts.join('\n');
}
