/**
 * The credential formats redaction recognises by their shape (content/redact.ts): one rule per
 * format, each with the source of its facts. Patterns are written here; the facts (prefixes,
 * lengths, alphabets) come from the providers' documentation and the gitleaks / secretlint rule sets.
 */
import { isBoring } from './secret-values';

export interface ShapeRule {
  kind: string;
  re: RegExp;
  /** Capture group holding the secret (0: the whole match). */
  group?: number;
  priority?: number;
  /** Extra check on the captured value. */
  accept?: (value: string) => boolean;
}

export const SHAPES: ShapeRule[] = [
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
