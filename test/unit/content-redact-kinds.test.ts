import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactSecrets } from '../../src/core/content';
import { converterStressDocuments, markdownDocument, outlineDocument, scriptSource } from '../fixtures/corpus';

// Fake credentials are assembled at run time so that no credential-shaped string sits in the repo.
const rep = (chars: string, n: number): string => chars.repeat(Math.ceil(n / chars.length)).slice(0, n);
const hex = (n: number): string => rep('3f9a0c7e1b5d8246', n);
const b64 = (n: number): string => rep('Qx7/Lm2+Zp9Kd4Tw', n);

/** One planted secret per kind (33 kinds), each as it appears in real files and logs. */
const PLANTED: Record<string, string> = {
  'gitlab-pat': 'gl' + 'pat-' + rep('xY7zQ2wE9rT4', 20),
  'gitlab-deploy': 'gl' + 'dt-' + rep('Ab1Cd2Ef3Gh4', 20),
  'gitlab-runner-registration': 'GR1348941' + rep('aB3dE5gH7k', 20),
  npm: 'np' + 'm_' + rep('a1B2c3D4e5F6', 36),
  'vault-service': 'hv' + 's.' + rep('CAESIJx7Zq2_Wm9-Kd4', 95),
  'vault-batch': 'hv' + 'b.' + rep('AAAAAQJgxDgq7_Zx-9', 140),
  terraform: rep('ab12cd34ef56gh', 14) + '.atlas' + 'v1.' + rep('q9w8e7r6t5y4', 65),
  twilio: 'S' + 'K' + hex(32),
  sendgrid: 'S' + 'G.' + rep('nGeVfQFYQRO5', 22) + '.' + rep('Kq3Lw8Zx2Mn7', 43),
  'azure-account-key':
    'DefaultEndpointsProtocol=https;AccountName=acme;Account' + 'Key=' + b64(86) + '==;EndpointSuffix=core.windows.net',
  'azure-sas':
    'https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&sr=b&s' + 'ig=' + rep('Zx7Lm2Qp9Kd4Tw', 44) + '%3D',
  'azure-client-secret': 'bP8' + '8Q~' + rep('rcBcYjzzOhg1Hnn76Wm', 34),
  huggingface: 'h' + 'f_' + rep('AbCdEfGhIjKlMn', 34),
  digitalocean: 'do' + 'p_v1_' + hex(64),
  pypi: 'pypi-AgEIcHlwaS5vcmc' + rep('CJDAxYzQ2_Zx9-', 60),
  shopify: 'shp' + 'at_' + hex(32),
  databricks: 'da' + 'pi' + hex(32),
  doppler: 'dp' + '.pt.' + rep('Ab3De5Gh7Jk9', 43),
  postman: 'PM' + 'AK-' + hex(24) + '-' + hex(34),
  linear: 'lin' + '_api_' + rep('Ab3De5Gh7Jk9', 40),
  sentry: 'sntr' + 'ys_' + rep('eyJpYXQiOjE3MDAw', 60),
  mailgun: 'ke' + 'y-' + hex(32),
  mailchimp: hex(32) + '-us' + '14',
  telegram: '1234567890' + ':AA' + rep('Hx7Lm2Qp9Kd4Tw_', 33),
  atlassian: 'ATA' + 'TT3' + rep('xFfGF0T4Qz8-Lw2', 180),
  age: 'AGE-SECRET-' + 'KEY-1' + rep('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58),
  'grafana-service-account': 'gl' + 'sa_' + rep('Ab3De5Gh7Jk9', 32) + '_' + hex(8),
  pulumi: 'pu' + 'l-' + hex(40),
  square: 'sq0' + 'atp-' + rep('Ab3De5Gh7Jk9', 22),
  alibaba: 'LT' + 'AI' + rep('Ab3De5Gh7Jk9', 20),
  supabase: 'sb' + 'p_' + hex(40),
  groq: 'gs' + 'k_' + rep('Ab3De5Gh7Jk9', 52),
  'google-oauth-secret': 'GOC' + 'SPX-' + rep('Ab3De5Gh7Jk9', 28),
  'discord-webhook': 'https://discord.com/api/' + 'webhooks/1234567890/' + rep('Ab3De5Gh7Jk9-_', 68),
};

describe('redaction: 25+ kinds of planted secrets', () => {
  test(`${Object.keys(PLANTED).length} kinds, each in prose, code and a log line: none survives`, () => {
    assert.ok(Object.keys(PLANTED).length >= 25);
    for (const [kind, secret] of Object.entries(PLANTED)) {
      const texts = [
        `The value is ${secret} (do not share).`,
        `const client = createClient("${secret}");`,
        `2026-01-05T10:00:00Z INFO connecting with ${secret}`,
      ];
      for (const input of texts) {
        const { text, findings } = redactSecrets(input);
        // The secret's distinctive middle must be gone (the connection-string cases keep their frame).
        const core = secret.includes('Key=')
          ? secret.slice(secret.indexOf('Key=') + 4, secret.indexOf('Key=') + 60)
          : secret;
        const probe = secret.includes('sig=') ? secret.slice(secret.indexOf('sig=') + 4) : core;
        assert.ok(!text.includes(probe.slice(0, 40)), `${kind} survived in: ${text}`);
        assert.ok(findings.length >= 1, `${kind}: no finding`);
      }
    }
  });

  test('the formats named in issue 19 carry their own kind', () => {
    const kinds = (s: string): string[] => redactSecrets(s).findings.map((f) => f.kind);
    assert.deepEqual(kinds(PLANTED['gitlab-pat']), ['gitlab-token']);
    assert.deepEqual(kinds(PLANTED.npm), ['npm-token']);
    assert.deepEqual(kinds(PLANTED['vault-service']), ['vault-token']);
    assert.deepEqual(kinds(PLANTED.twilio), ['twilio-key']);
    assert.deepEqual(kinds(PLANTED.sendgrid), ['sendgrid-key']);
    assert.deepEqual(kinds(PLANTED['azure-account-key']), ['azure-key']);
  });

  test('an exact secret given by the caller is removed wherever it appears, whatever its shape', () => {
    const token = 'plain-looking value 42 of the integration';
    const input = `echo $NOTION_TOKEN\n${token}\nagain: "${token}"`;
    const { text, findings } = redactSecrets(input, { extraSecrets: [token, '', 'short'] });
    assert.ok(!text.includes(token));
    assert.equal(findings.length, 2);
    assert.deepEqual(
      findings.map((f) => f.line),
      [2, 3],
    );
    assert.match(text, /short|echo/);
    assert.equal(redactSecrets(text, { extraSecrets: [token] }).text, text);
  });

  test('no false positive on the prose and code of the test corpus', () => {
    const texts: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      texts.push(markdownDocument(120, seed), outlineDocument(200, seed));
      for (const ext of ['py', 'sh', 'ts', 'js'] as const) texts.push(scriptSource(ext, 200, seed));
    }
    texts.push(...Object.values(converterStressDocuments(3)));
    texts.push(
      'Commit 3f9a0c7e1b5d8246a1b2c3d4e5f60718293a4b5c fixed SKIPPED_TESTS; see SK-1234 and SG.1 in the plan.',
      'Use `npm_config_cache` and `key-value` stores; the Azure AccountName=acme; hvs. prefix is for Vault.',
      'Rename dapi to api, the sig= parameter is documented; GR1348941 is a prefix; lin_api_ tokens are 40 chars.',
    );
    for (const t of texts) assert.deepEqual(redactSecrets(t).findings, [], t.slice(0, 200));
  });
});
