/**
 * Secret redaction: credentials in text are replaced by a visible `[REDACTED:kind]` before anything
 * leaves the machine. Findings carry the kind and the 1-based line of the original text, never the value.
 *
 * What is detected:
 * - exact values the caller names (`options.extraSecrets`, e.g. the product's own Notion token);
 * - by shape, anywhere: Notion tokens (`secret_…`, `ntn_…`), Anthropic (`sk-ant-…`) and OpenAI (`sk-…`)
 *   keys, GitHub tokens (`ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`, `github_pat_`), AWS access key ids
 *   (`AKIA…`, `ASIA…`), Slack tokens (`xoxb-`/`xoxa-`/`xoxp-`/`xoxr-`/`xoxo-`/`xoxs-`) and webhooks, Google API keys
 *   (`AIza…`), Stripe secret/restricted keys and webhook secrets, JWTs, PEM private key blocks (the
 *   whole block, BEGIN to END);
 * - by context: AWS secret access keys in assignments, the token after `Authorization: Bearer|Token|Basic`
 *   (and after a bare `Bearer`), the password in `scheme://user:password@host`, values of command-line
 *   flags like `--password x`/`--token x`, and values assigned to names that contain
 *   password/passwd/pwd/pass/passphrase/secret/token/credential/api key (`NAME=value`, `name: value`,
 *   `"name": "value"`, `name = "value"`); the name is kept, the value replaced. A name whose only
 *   sensitive word is KEY (`sort_key`, `key:`) needs a random-looking value, except in `.env` lines.
 *
 * What is deliberately left alone (no secret in it, and keeping it keeps documents and code readable):
 * empty values; variable references and templates (`$TOKEN`, `${X}`, `${{ secrets.X }}`, `%X%`,
 * `{{x}}`, `<your-token>`); obvious placeholders (`changeme`, `your-…`, `xxx…`, `***…`, `example`,
 * `placeholder`, `dummy`, `todo`, `none`, `null`, `true`, the words password/secret/token/key…);
 * numbers shorter than 12 digits (`TOKEN_TTL=3600`); paths and URLs; code expressions (calls, member
 * accesses, bare identifiers like `password = new_password`, type annotations); values with spaces
 * (prose, UI strings); names that describe a secret without holding it (`*_file`, `*_path`, `*_url`,
 * `*_name`, `*_type`, `*_length`, `*_id`, …); the word "password" in prose; base64 data: URIs.
 */

export interface SecretFinding {
  /** What was found, e.g. 'notion-token', 'password', 'private-key'. */
  kind: string;
  /** 1-based line in the input where it starts. */
  line: number;
}

export interface RedactionResult {
  text: string;
  findings: SecretFinding[];
}

interface Hit {
  start: number;
  end: number;
  kind: string;
  priority: number;
}

const MARK = (kind: string): string => `[REDACTED:${kind}]`;

// ---------------------------------------------------------------------------------------------
// Values that are not secrets

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

function isBoring(value: string, name?: string): boolean {
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
function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  // UUIDs and bare hex (git SHAs, hashes) are identifiers, not keys.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return false;
  if (/^[0-9a-f]{7,64}$/i.test(value)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Sensitive names

type NameKind = 'password' | 'secret' | 'credential' | 'token' | 'key';

/** Last words that describe a secret without holding it. */
const DESCRIPTIVE = new Set([
  'file',
  'files',
  'path',
  'paths',
  'url',
  'uri',
  'urls',
  'endpoint',
  'dir',
  'directory',
  'name',
  'names',
  'type',
  'types',
  'length',
  'len',
  'count',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'timeout',
  'env',
  'var',
  'variable',
  'header',
  'field',
  'label',
  'prompt',
  'policy',
  'id',
  'ids',
  'format',
  'size',
  'limit',
  'limits',
  'max',
  'min',
  'mode',
  'style',
  'class',
  'regex',
  'pattern',
  'ref',
  'enabled',
  'required',
  'rotation',
  'location',
  'store',
  'provider',
  'source',
  'version',
  'help',
  'hint',
  'description',
  'title',
  'placeholder',
  'message',
  'error',
  'errors',
  'strength',
  'policy',
  'scope',
  'scopes',
  'usage',
  'index',
  'algorithm',
  'alg',
  'encoding',
  'reset',
  'manager',
  'input',
  'selector',
  'column',
  'property',
]);

function nameKind(name: string): { kind: NameKind; weak: boolean } | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const joined = words.join('');
  if (joined === 'secrets') return undefined; // GitHub Actions `secrets: inherit`
  if (DESCRIPTIVE.has(words[words.length - 1])) return undefined;
  const has = (...ws: string[]): boolean => ws.some((w) => words.includes(w));
  if (has('password', 'passwd', 'pwd', 'pass', 'passphrase') || /password|passwd|passphrase/.test(joined)) {
    return { kind: 'password', weak: false };
  }
  if (/secret/.test(joined)) return { kind: 'secret', weak: false };
  if (/credential/.test(joined)) return { kind: 'credential', weak: false };
  if (has('token') || /(?:auth|access|refresh|api|bearer|session|bot|id)token$/.test(joined)) {
    return { kind: 'token', weak: false };
  }
  if (/apikey|accesskey|privatekey|signingkey|encryptionkey|masterkey|licensekey|authkey/.test(joined)) {
    return { kind: 'key', weak: false };
  }
  if (has('key', 'apikey')) return { kind: 'key', weak: true };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Rules found by shape

interface ShapeRule {
  kind: string;
  re: RegExp;
  /** Capture group holding the secret (0: the whole match). */
  group?: number;
  priority?: number;
  /** Extra check on the captured value. */
  accept?: (value: string) => boolean;
}

const SHAPES: ShapeRule[] = [
  { kind: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g, priority: 4 },
  {
    kind: 'openai-key',
    re: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g,
    priority: 3,
  },
  { kind: 'notion-token', re: /\b(?:secret|ntn)_(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{30,}\b/g, priority: 3 },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g, priority: 3 },
  {
    kind: 'aws-access-key-id',
    re: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b/g,
    priority: 3,
  },
  {
    kind: 'aws-secret-key',
    re: /(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    priority: 3,
  },
  {
    kind: 'slack-webhook',
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g,
    priority: 3,
  },
  { kind: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, priority: 3 },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, priority: 3 },
  { kind: 'stripe-key', re: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b|\bwhsec_[0-9A-Za-z]{24,}\b/g, priority: 3 },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, priority: 3 },
  {
    kind: 'bearer-token',
    re: /\b(?:Proxy-)?Authorization["']?\s*[:=]\s*["']?\s*(?:Bearer|Token|Basic|Bot|Digest)\s+([A-Za-z0-9._~+/=-]{8,})/gi,
    group: 1,
    priority: 2,
    accept: (v) => !isBoring(v) && !/^[a-z]+$/i.test(v),
  },
  {
    kind: 'bearer-token',
    re: /\bBearer\s+((?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{20,}=*)/g,
    group: 1,
    priority: 2,
  },
  // Formats learnt from the gitleaks rule set (github.com/gitleaks/gitleaks, cmd/generate/config/rules/*.go)
  // and the secretlint recommended preset; the patterns are our own, written from those facts.
  // GitLab token prefixes (gitlab.go; docs.gitlab.com/ee/security/tokens/#token-prefixes), runner registration.
  { kind: 'gitlab-token', re: /\bgl(?:pat|dt|ft|rt|soat|ptt|cbt|imt|agent|oas|ffct)-[\w.-]{20,}/g },
  { kind: 'gitlab-token', re: /\bGR1348941[\w-]{20,}/g },
  // npm (npm.go): npm_ + 36 alphanumerics.
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  // HashiCorp Vault service and batch tokens (hashicorp_vault.go): hvs. / hvb. + 90+ characters.
  { kind: 'vault-token', re: /\bhv[sb]\.[\w-]{90,}/g },
  // Terraform Cloud / Enterprise (hashicorp.go): 14 characters, .atlasv1., 60–70 more.
  { kind: 'terraform-token', re: /\b[a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70}/gi },
  // Twilio API key SID (twilio.go): SK + 32 hex, with letters and digits mixed.
  {
    kind: 'twilio-key',
    re: /\bSK[0-9a-fA-F]{32}\b/g,
    accept: (v) => /\d/.test(v.slice(2)) && /[a-f]/i.test(v.slice(2)),
  },
  // SendGrid (sendgrid.go): SG. + 66 characters (two dot-separated parts).
  { kind: 'sendgrid-key', re: /\bSG\.[\w-]{16,32}\.[\w-]{16,64}/g },
  // Azure storage / Service Bus connection strings (learn.microsoft.com, "Configure Azure Storage
  // connection strings"): the value of AccountKey= / SharedAccessKey=; SAS signatures (sig=).
  {
    kind: 'azure-key',
    re: /\b(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})/gi,
    group: 1,
    accept: (v) => !isBoring(v),
  },
  { kind: 'azure-sas', re: /[?&]sig=([A-Za-z0-9%+/]{30,}={0,2})/g, group: 1 },
  // Azure AD client secrets (azure.go): 3 characters, a digit, Q~, 31–34 more.
  { kind: 'azure-client-secret', re: /(?<![\w~.])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])/g },
  // Hugging Face (huggingface.go), DigitalOcean (digitalocean.go), PyPI (pypi.go), Shopify (shopify.go).
  { kind: 'huggingface-token', re: /\bhf_[A-Za-z]{34}\b/g, accept: (v) => /[A-Z]/.test(v.slice(3)) },
  { kind: 'digitalocean-token', re: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { kind: 'pypi-token', re: /\bpypi-AgEIcHlwaS5vcmc[\w-]{50,}/g },
  { kind: 'shopify-token', re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  // Databricks (databricks.go), Doppler (doppler.go), Postman (postman.go), Linear (linear.go).
  { kind: 'databricks-token', re: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { kind: 'doppler-token', re: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b/g },
  { kind: 'postman-key', re: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/gi },
  { kind: 'linear-key', re: /\blin_api_[A-Za-z0-9]{40}\b/g },
  // Sentry auth tokens (sentry.go), Mailgun (mailgun.go), Mailchimp (mailchimp.go).
  { kind: 'sentry-token', re: /\bsntry[su]_[A-Za-z0-9+/=_-]{40,}/g },
  { kind: 'mailgun-key', re: /\bkey-[a-f0-9]{32}\b/g },
  { kind: 'mailchimp-key', re: /\b[0-9a-f]{32}-us\d{1,2}\b/g },
  // Telegram bot tokens (telegram.go): bot id, colon, AA + 33.
  { kind: 'telegram-token', re: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g },
  // Atlassian API tokens (atlassian.go), age secret keys (age.go), Grafana (grafana.go), Pulumi (pulumi.go).
  { kind: 'atlassian-token', re: /\bATATT3[A-Za-z0-9_=-]{150,}/g },
  { kind: 'age-secret-key', re: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g },
  { kind: 'grafana-token', re: /\b(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})/g },
  { kind: 'pulumi-token', re: /\bpul-[a-f0-9]{40}\b/g },
  // Square (square.go), Alibaba Cloud access key ids (alibaba.go), Heroku (heroku.go), Supabase.
  { kind: 'square-token', re: /\b(?:sq0atp-[\w-]{22}|sq0csp-[\w-]{43}|EAAA[\w-]{60})\b/g },
  { kind: 'alibaba-key-id', re: /\bLTAI[A-Za-z0-9]{20}\b/g },
  { kind: 'heroku-key', re: /\bHRKU-AA[\w-]{58}\b/g },
  { kind: 'supabase-token', re: /\bsbp_[a-f0-9]{40}\b/g },
  // Groq and xAI keys (groq.go, xai), Google OAuth client secrets (gcp.go), Slack app tokens (slack.go).
  { kind: 'groq-key', re: /\bgsk_[A-Za-z0-9]{52}\b/g },
  { kind: 'xai-key', re: /\bxai-[A-Za-z0-9]{80}\b/g },
  { kind: 'google-oauth-secret', re: /\bGOCSPX-[\w-]{28}\b/g },
  { kind: 'slack-token', re: /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/g },
  // Discord webhooks (discord.go).
  { kind: 'discord-webhook', re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]+/g },
  {
    kind: 'password-in-url',
    re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"<>()]*:([^\s@/'"<>()]+)@[\w.-]/gi,
    group: 1,
    priority: 2,
    accept: (v) => !isBoring(v),
  },
];

function findShapes(text: string, hits: Hit[]): void {
  for (const rule of SHAPES) {
    const re = new RegExp(rule.re.source, rule.re.flags.includes('d') ? rule.re.flags : rule.re.flags + 'd');
    for (const m of text.matchAll(re)) {
      const group = rule.group ?? 0;
      const span = m.indices?.[group];
      const value = m[group];
      if (!span || value === undefined) continue;
      if (rule.accept && !rule.accept(value)) continue;
      hits.push({ start: span[0], end: span[1], kind: rule.kind, priority: rule.priority ?? 3 });
    }
  }
}

/** PEM private keys, BEGIN to END; without an END line, up to the end of the base64 lines. */
function findPrivateKeys(text: string, hits: Hit[]): void {
  const begin = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
  for (const m of text.matchAll(begin)) {
    const start = m.index ?? 0;
    const endMarker = new RegExp(`-----END ${m[1]}PRIVATE KEY${m[2] ?? ''}-----`, 'g');
    endMarker.lastIndex = start + m[0].length;
    const end = endMarker.exec(text);
    let stop: number;
    if (end) {
      stop = end.index + end[0].length;
    } else {
      const body = /(?:(?:\r?\n|\\n)(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: [^\n\\]*))*/y;
      body.lastIndex = start + m[0].length;
      body.exec(text);
      stop = body.lastIndex;
    }
    hits.push({ start, end: stop, kind: 'private-key', priority: 5 });
  }
}

// ---------------------------------------------------------------------------------------------
// Rules found by context: assignments and command-line flags

const ASSIGNMENT = /(?<![\w.$-])(["']?)([A-Za-z_$@][\w.$-]*)\1[ \t]*(:=|=>|=|:)[ \t]*/g;
const ENV_LINE = /^[ \t]*(?:export[ \t]+|set[ \t]+)?[A-Z_][A-Z0-9_]*=/;

function quotedValue(rest: string): { value: string; offset: number } | undefined {
  const q = rest[0];
  if (q !== '"' && q !== "'" && q !== '`') return undefined;
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] === '\\') {
      i++;
      continue;
    }
    if (rest[i] === q) return { value: rest.slice(1, i), offset: 1 };
  }
  return undefined;
}

function findAssignments(text: string, hits: Hit[]): void {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (line.length <= 10_000) assignmentsInLine(line, lineStart, hits);
    lineStart = lineEnd + 1;
  }
}

function assignmentsInLine(line: string, offset: number, hits: Hit[]): void {
  const envStyle = ENV_LINE.test(line);
  for (const m of line.matchAll(ASSIGNMENT)) {
    const name = m[2];
    const sep = m[3];
    const found = nameKind(name);
    if (!found) continue;
    const valueStart = (m.index ?? 0) + m[0].length;
    const rest = line.slice(valueStart);
    const isEnv = envStyle && (m.index ?? 0) === line.search(/[A-Z_]/) && sep === '=';
    const quoted = quotedValue(rest);
    let value: string;
    let start: number;
    if (quoted) {
      value = quoted.value;
      start = valueStart + quoted.offset;
      if (/\s/.test(value) && !isEnv) continue;
    } else {
      const u = /^([^\s'"`]+?)[,;]?(?:[ \t]+(?:#|\/\/|;).*|[ \t]*)$/.exec(rest);
      if (!u) continue;
      value = u[1];
      start = valueStart;
      if (/[(){}[\]<>]/.test(value) || /^[!&*@%$]/.test(value)) continue;
      if (!isEnv) {
        // Code: identifiers, member accesses and type names are references, not values.
        if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*[?!]?$/.test(value) && !/\d/.test(value)) continue;
        if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) continue;
      }
    }
    if (isBoring(value, name)) continue;
    if (found.weak && !isEnv && !looksRandom(value)) continue;
    hits.push({ start: offset + start, end: offset + start + value.length, kind: found.kind, priority: 1 });
  }
}

const FLAG =
  /(?<![\w-])--(password|passwd|pass|token|api-key|apikey|secret|client-secret|access-token|auth-token|private-key)(?:=|[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/g;

function findFlags(text: string, hits: Hit[]): void {
  for (const m of text.matchAll(FLAG)) {
    const raw = m[2];
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    const value = quoted ? raw.slice(1, -1) : raw;
    if (value.startsWith('-') || isBoring(value)) continue;
    if (!quoted && (/^[A-Za-z]+$/.test(value) || value.length < 6)) continue;
    const start = (m.index ?? 0) + m[0].length - raw.length + (quoted ? 1 : 0);
    const kind = nameKind(m[1].replace(/-/g, '_'))?.kind ?? 'secret';
    hits.push({ start, end: start + value.length, kind, priority: 2 });
  }
}

// ---------------------------------------------------------------------------------------------

function dataUriSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(/data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/g)) {
    spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  return spans;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export interface RedactOptions {
  /**
   * Exact values to remove wherever they appear, whatever their shape: e.g. the product's own Notion
   * token, so that a script printing `$NOTION_TOKEN` never sends it. Values shorter than 8 characters
   * are ignored (they would redact ordinary words).
   */
  extraSecrets?: readonly string[];
}

function findExact(text: string, values: readonly string[], hits: Hit[]): void {
  for (const value of values) {
    if (typeof value !== 'string' || value.trim().length < 8) continue;
    for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + value.length)) {
      hits.push({ start: i, end: i + value.length, kind: 'secret', priority: 6 });
    }
  }
}

/**
 * Replaces credentials in `text` with `[REDACTED:kind]`. Idempotent: redacting twice changes nothing more.
 */
export function redactSecrets(text: string, options: RedactOptions = {}): RedactionResult {
  if (!text) return { text: text ?? '', findings: [] };
  const hits: Hit[] = [];
  if (options.extraSecrets) findExact(text, options.extraSecrets, hits);
  findPrivateKeys(text, hits);
  findShapes(text, hits);
  findFlags(text, hits);
  findAssignments(text, hits);
  if (hits.length === 0) return { text, findings: [] };

  const data = dataUriSpans(text);
  const inData = (h: Hit): boolean => data.some(([s, e]) => h.start >= s && h.end <= e);

  // Highest priority first, then longest; a hit overlapping an accepted one is dropped.
  hits.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const accepted: Hit[] = [];
  for (const hit of hits) {
    if (hit.end <= hit.start || inData(hit)) continue;
    if (accepted.some((a) => hit.start < a.end && a.start < hit.end)) continue;
    accepted.push(hit);
  }
  accepted.sort((a, b) => a.start - b.start);

  const starts = lineStarts(text);
  let out = '';
  let pos = 0;
  const findings: SecretFinding[] = [];
  for (const hit of accepted) {
    out += text.slice(pos, hit.start) + MARK(hit.kind);
    pos = hit.end;
    findings.push({ kind: hit.kind, line: lineAt(starts, hit.start) });
  }
  out += text.slice(pos);
  return { text: out, findings };
}
