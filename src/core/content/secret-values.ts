/** What redaction leaves alone: values that are placeholders, templates, paths, numbers or identifiers. */

const PLACEHOLDER =
  /^(?:[x*.\-_#?•]*|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|placeholder|example|sample|dummy|fake|test|testing|todo|tbd|fixme|none|null|nil|undefined|true|false|yes|no|on|off|~|password|passwd|pass|pwd|secret|token|key|api[-_]?key|access[-_]?token|redacted|hidden|masked|omitted|your[-_ ].*|.*[-_]here|\*{3,}.*|x{3,}.*|<[^>]*>|\[[^\]]*\])$/i;

function isTemplate(value: string): boolean {
  return /^(?:\$|%[\w(]|\{\{|#\{|@\{|<)/.test(value) || /\$\{|\{\{|\}\}/.test(value);
}

function isPath(value: string): boolean {
  return (
    /^(?:\/|\.{1,2}[/\\]|~[/\\]|[A-Za-z]:[\\/]|\\\\)/.test(value) ||
    (/^[\w.-]+\/[\w./-]+$/.test(value) && /\.\w{1,5}$/.test(value))
  );
}

export function isBoring(value: string, name?: string): boolean {
  const v = value.trim();
  if (v === '' || v.includes('[REDACTED:')) return true;
  if (PLACEHOLDER.test(v)) return true;
  if (isTemplate(v)) return true;
  if (/^[+-]?\d{1,11}(?:\.\d+)?$/.test(v)) return true;
  if (v.includes('://')) return true;
  if (isPath(v)) return true;
  if (name && v.toLowerCase().replace(/[^a-z0-9]/g, '') === name.toLowerCase().replace(/[^a-z0-9]/g, '')) return true;
  return false;
}

/** A value that looks machine-generated: long, no spaces, letters and digits mixed. */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  // UUIDs and bare hex (git SHAs, hashes) are identifiers, not keys.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false;
  if (/^[0-9a-f]{7,64}$/i.test(value)) return false;
  return true;
}
