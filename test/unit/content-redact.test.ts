import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactSecrets } from '../../src/core/content';

// Fake credentials are assembled at run time so that no credential-shaped string sits in the repo
// (secret scanners would flag the test file otherwise).
const rep = (chars: string, n: number): string => chars.repeat(Math.ceil(n / chars.length)).slice(0, n);
const F = {
  notion: 'secret' + '_' + rep('Ab3dE7gH9k', 43),
  ntn: 'ntn' + '_' + rep('41x9Qz7Lm2', 46),
  openai: 'sk' + '-' + rep('T3BlbkFJx9', 48),
  openaiProj: 'sk' + '-proj-' + rep('aB3_cD4-eF5', 60),
  anthropic: 'sk' + '-ant-api03-' + rep('Zq8_Wn2-Kd4', 80),
  ghp: 'gh' + 'p_' + rep('R4nd0mT0k3n', 36),
  gho: 'gh' + 'o_' + rep('0AuthT0k3n9', 36),
  ghPat: 'github' + '_pat_' + rep('11ABCDEFG0', 22) + '_' + rep('xYz123AbC', 59),
  awsId: 'AK' + 'IA' + rep('Q3ZL7XM2RW', 16),
  awsSecret: rep('wJalrXUtnFEMI/K7MDENG+bPxRfiCY', 40),
  slack: 'xo' + 'xb-' + '123456789012-1234567890123-' + rep('AbCdEfGh12', 24),
  slackHook: 'https://hooks.slack.com/services/' + 'T0000AAAA/B0000BBBB/' + rep('XyZ123abc', 24),
  google: 'AI' + 'za' + rep('SyD-9x_Kq2', 35),
  stripe: 'sk' + '_live_' + rep('51HxYz9Ab', 32),
  stripeR: 'rk' + '_test_' + rep('51Qw8Er7T', 32),
  jwt:
    'ey' +
    'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' +
    '.' +
    'ey' +
    'JzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvZSJ9' +
    '.' +
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  bearer: rep('a1B2c3D4e5F6', 40),
  pemBody: rep('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 64),
};

function pem(label: string): string {
  return [
    `-----BEGIN ${label}PRIVATE KEY-----`,
    F.pemBody,
    F.pemBody,
    'abcd==',
    `-----END ${label}PRIVATE KEY-----`,
  ].join('\n');
}

function check(input: string, secrets: string[], kinds: Array<[string, number]>): string {
  const { text, findings } = redactSecrets(input);
  for (const s of secrets) {
    assert.ok(!text.includes(s), `secret still present: ${s.slice(0, 12)}…\n${text}`);
    assert.ok(!JSON.stringify(findings).includes(s), 'secret in findings');
  }
  assert.deepEqual(
    findings.map((f) => [f.kind, f.line]),
    kinds,
    `findings for:\n${input}\n→\n${text}`,
  );
  for (const [kind] of kinds) assert.ok(text.includes(`[REDACTED:${kind}]`), `marker for ${kind} in\n${text}`);
  return text;
}

describe('redaction: credentials by shape', () => {
  const shapes: Array<[string, string, string]> = [
    ['notion-token', F.notion, 'notion secret_ token'],
    ['notion-token', F.ntn, 'notion ntn_ token'],
    ['openai-key', F.openai, 'openai sk-'],
    ['openai-key', F.openaiProj, 'openai sk-proj-'],
    ['anthropic-key', F.anthropic, 'anthropic sk-ant-'],
    ['github-token', F.ghp, 'github ghp_'],
    ['github-token', F.gho, 'github gho_'],
    ['github-token', F.ghPat, 'github_pat_'],
    ['aws-access-key-id', F.awsId, 'aws AKIA'],
    ['slack-token', F.slack, 'slack xoxb-'],
    ['slack-webhook', F.slackHook, 'slack webhook'],
    ['google-api-key', F.google, 'google AIza'],
    ['stripe-key', F.stripe, 'stripe sk_live_'],
    ['stripe-key', F.stripeR, 'stripe rk_test_'],
    ['jwt', F.jwt, 'jwt'],
  ];
  for (const [kind, secret, label] of shapes) {
    test(`${label} in prose, on line 3`, () => {
      const text = check(`# Notes\n\nThe value ${secret} was pasted here.\nNext line.`, [secret], [[kind, 3]]);
      assert.equal(text, `# Notes\n\nThe value [REDACTED:${kind}] was pasted here.\nNext line.`);
    });
  }

  test('a token inside a quoted assignment keeps its specific kind', () => {
    const text = check(`const client = new Client({ auth: "${F.notion}" });`, [F.notion], [['notion-token', 1]]);
    assert.equal(text, 'const client = new Client({ auth: "[REDACTED:notion-token]" });');
  });

  test('AWS secret access keys in assignments', () => {
    const input = `[default]\naws_access_key_id = ${F.awsId}\naws_secret_access_key = ${F.awsSecret}\n`;
    const text = check(
      input,
      [F.awsId, F.awsSecret],
      [
        ['aws-access-key-id', 2],
        ['aws-secret-key', 3],
      ],
    );
    assert.match(text, /aws_secret_access_key = \[REDACTED:aws-secret-key\]/);
    check(`"SecretAccessKey": "${F.awsSecret}"`, [F.awsSecret], [['aws-secret-key', 1]]);
  });

  test('PEM private keys are removed as a whole block', () => {
    for (const label of ['', 'RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ']) {
      const input = `before\n${pem(label)}\nafter`;
      const text = check(input, [F.pemBody, 'abcd=='], [['private-key', 2]]);
      assert.equal(text, 'before\n[REDACTED:private-key]\nafter');
    }
  });

  test('a PEM key inside JSON with escaped newlines', () => {
    const json = `{"type": "service_account", "private_key": "${pem('').replace(/\n/g, '\\n')}\\n", "client_email": "x@y.iam"}`;
    const text = check(json, [F.pemBody], [['private-key', 1]]);
    assert.match(text, /"client_email": "x@y\.iam"/);
  });

  test('a PEM key without its END line is removed up to the end of its body', () => {
    const input = `-----BEGIN PRIVATE KEY-----\n${F.pemBody}\n${F.pemBody}\n\nThe key above was truncated.`;
    const text = check(input, [F.pemBody], [['private-key', 1]]);
    assert.equal(text, '[REDACTED:private-key]\n\nThe key above was truncated.');
  });
});

describe('redaction: credentials by context', () => {
  test('Authorization headers', () => {
    const input = [
      `curl -H "Authorization: Bearer ${F.bearer}" https://api.example.com`,
      `headers = {"Authorization": "Token ${F.bearer}"}`,
      `Authorization: Basic ${'dXNlcjpwYXNzd29yZDEyMw=='}`,
    ].join('\n');
    const text = check(
      input,
      [F.bearer, 'dXNlcjpwYXNzd29yZDEyMw=='],
      [
        ['bearer-token', 1],
        ['bearer-token', 2],
        ['bearer-token', 3],
      ],
    );
    assert.match(text, /Authorization: Bearer \[REDACTED:bearer-token\]" https:\/\/api\.example\.com/);
  });

  test('a JWT bearer keeps the jwt kind', () => {
    check(`Authorization: Bearer ${F.jwt}`, [F.jwt], [['jwt', 1]]);
  });

  test('passwords in connection strings', () => {
    const input = [
      'DATABASE_URL=postgres://app:S3cr3t-Pa55@db.internal:5432/app',
      'mongo: mongodb+srv://admin:hunter2x@cluster0.example.net/test',
      'REDIS=redis://:r3dis!pw@cache:6379/0',
      'see https://user:tok3n123@git.example.com/repo.git',
    ].join('\n');
    const text = check(
      input,
      ['S3cr3t-Pa55', 'hunter2x', 'r3dis!pw', 'tok3n123'],
      [
        ['password-in-url', 1],
        ['password-in-url', 2],
        ['password-in-url', 3],
        ['password-in-url', 4],
      ],
    );
    assert.match(text, /postgres:\/\/app:\[REDACTED:password-in-url\]@db\.internal:5432\/app/);
    assert.match(text, /redis:\/\/:\[REDACTED:password-in-url\]@cache/);
  });

  test('.env-style assignments: the name stays, the value goes', () => {
    const input = [
      'DB_PASSWORD=correct-horse-battery',
      'export GITHUB_TOKEN=abc123def',
      'API_KEY="k3y-value-123"',
      "CLIENT_SECRET='shh.secret.value'",
      'GOOGLE_CREDENTIALS=eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0',
      'SMTP_PASSWD=mail1234',
      'DB_PWD=pw0rd',
      'LICENSE_KEY=QWERT-ASDFG',
      'MY_KEY=short',
      'NODE_ENV=production',
    ].join('\n');
    const text = check(
      input,
      [
        'correct-horse-battery',
        'abc123def',
        'k3y-value-123',
        'shh.secret.value',
        'mail1234',
        'pw0rd',
        'QWERT-ASDFG',
        '=short',
      ],
      [
        ['password', 1],
        ['token', 2],
        ['key', 3],
        ['secret', 4],
        ['credential', 5],
        ['password', 6],
        ['password', 7],
        ['key', 8],
        ['key', 9],
      ],
    );
    assert.equal(
      text.split('\n').slice(0, 3).join('\n'),
      'DB_PASSWORD=[REDACTED:password]\nexport GITHUB_TOKEN=[REDACTED:token]\nAPI_KEY="[REDACTED:key]"',
    );
    assert.match(text, /NODE_ENV=production$/);
  });

  test('YAML, JSON, INI and code assignments with literal values', () => {
    const input = [
      'database:',
      '  password: hunter2',
      '{"apiKey": "AbCd1234EfGh5678IjKl", "name": "svc"}',
      'password = s3cr3tINI',
      'conn = connect(host="db", password="p@ssw0rd!")',
      'self.client_secret = "9f8e7d6c5b4a"',
      '$token = "abcdef123456"',
      '  - POSTGRES_PASSWORD=example2024',
    ].join('\n');
    check(
      input,
      ['hunter2', 'AbCd1234EfGh5678IjKl', 's3cr3tINI', 'p@ssw0rd!', '9f8e7d6c5b4a', 'abcdef123456', 'example2024'],
      [
        ['password', 2],
        ['key', 3],
        ['password', 4],
        ['password', 5],
        ['secret', 6],
        ['token', 7],
        ['password', 8],
      ],
    );
  });

  test('command-line flags', () => {
    const text = check(
      `mysql --password=Sup3rS3cret! -u root\ntool --token 'abc-123-def' --api-key xyz789abc`,
      ['Sup3rS3cret!', 'abc-123-def', 'xyz789abc'],
      [
        ['password', 1],
        ['token', 2],
        ['key', 2],
      ],
    );
    assert.match(text, /^mysql --password=\[REDACTED:password\] -u root/);
  });

  test('findings carry kind and line only', () => {
    const { findings } = redactSecrets(`a\nb\nDB_PASSWORD=xyz987\n${F.ghp}`);
    assert.deepEqual(findings, [
      { kind: 'password', line: 3 },
      { kind: 'github-token', line: 4 },
    ]);
    for (const f of findings) assert.deepEqual(Object.keys(f).sort(), ['kind', 'line']);
  });

  test('redaction is idempotent', () => {
    const input = `TOKEN=${F.notion}\npassword: hunter2\n${pem('RSA ')}\nAuthorization: Bearer ${F.bearer}`;
    const once = redactSecrets(input);
    const twice = redactSecrets(once.text);
    assert.equal(twice.text, once.text);
    assert.deepEqual(twice.findings, []);
  });
});

describe('redaction: false positives are left alone', () => {
  const untouched: Array<[string, string]> = [
    ['UUIDs', 'id: 550e8400-e29b-41d4-a716-446655440000\nkey: 123e4567-e89b-12d3-a456-426614174000'],
    [
      'git SHAs',
      'commit 3f786850e387550fdab836ed7e6dc881de23001b\nkey: 3f786850e387550fdab836ed7e6dc881de23001b\nfixed in a94a8fe',
    ],
    ['sha256 checksums', 'checksum: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [
      'prose about passwords',
      'The password is stored in the keychain.\nPassword: must be at least 12 characters long\nSet your API key in Settings.\nA token: the smallest unit of text.',
    ],
    [
      'code reading secrets',
      [
        'password = os.environ["DB_PASSWORD"]',
        'token = get_token()',
        'const apiKey = process.env.API_KEY;',
        'secret = self.config.secret',
        'password = new_password',
        'api_key = None',
        'let token: string;',
        'def login(user: str, password: str) -> bool:',
        'if password == confirm_password:',
        '  password: string;',
        'token = ""',
      ].join('\n'),
    ],
    [
      'CI templates',
      'token: ${{ secrets.NOTION_TOKEN }}\nsecrets: inherit\npassword: "{{ vault_db_password }}"\nAPI_KEY=${API_KEY}\nTOKEN=$NOTION_TOKEN\nset PASSWORD=%DB_PASS%',
    ],
    [
      'placeholders',
      'API_KEY=\nAPI_KEY=changeme\nAPI_KEY=your-api-key-here\nNOTION_TOKEN=<your token>\nPASSWORD=xxxxxxxx\nSECRET=********\npassword: null\ntoken: TODO',
    ],
    [
      'numbers and descriptive names',
      'max_tokens = 4096\nTOKEN_TTL=3600\nPASSWORD_MIN_LENGTH=12\ntoken_file: ./secrets/token.txt\npassword_field: "pwd"\nSECRET_NAME=prod-db\nPWD=/home/me/project\ntoken_count: 12345',
    ],
    [
      'weak key names with ordinary values',
      'key: value\nprimary_key: id\nsort_key = lambda x: x.name\nkeyboard: us\nmonkey = 3\nkey: my-component',
    ],
    [
      'URLs without passwords',
      'https://user@host.example.com/path\nhttps://example.com:8080/a\ngit@github.com:org/repo.git\npostgres://localhost:5432/db\npostgres://user:${DB_PASS}@db/app',
    ],
    [
      'CLI prose',
      'Pass the token with --token to the CLI.\nUse --password-file or --token $NOTION_TOKEN.\n--token TOKEN',
    ],
    [
      'look-alikes',
      'task-list-item risk-assessment-2024 sk-short ghp_short AKIAshort xoxb AIzaShort eyJhbGci.only Bearer token',
    ],
    [
      'markdown',
      '# Secrets management\n\n- **Password**: see the vault\n- `KEY` is the env var\n\n| name | value |\n|---|---|\n| token | (set in CI) |',
    ],
  ];
  for (const [label, text] of untouched) {
    test(label, () => {
      const result = redactSecrets(text);
      assert.deepEqual(result.findings, [], `unexpected findings in:\n${result.text}`);
      assert.equal(result.text, text);
    });
  }

  test('a base64 data: URI image in markdown', () => {
    const blob =
      rep('iVBORw0KGgoAAAANSUhEUgAA', 200) +
      '/' +
      'AI' +
      'za' +
      rep('SyD9xKq2', 35) +
      '/AK' +
      'IA' +
      rep('Q3ZL7XM2', 16) +
      '==';
    const md = `Inline image: ![dot](data:image/png;base64,${blob}) done.`;
    const result = redactSecrets(md);
    assert.equal(result.text, md);
    assert.deepEqual(result.findings, []);
  });

  test('empty and tiny input', () => {
    assert.deepEqual(redactSecrets(''), { text: '', findings: [] });
    assert.deepEqual(redactSecrets('x'), { text: 'x', findings: [] });
  });

  test('a large file is handled quickly', () => {
    const big = 'const x = 1; // ordinary code line with words\n'.repeat(50_000) + `TOKEN=${F.ghp}\n`;
    const started = Date.now();
    const result = redactSecrets(big);
    assert.ok(Date.now() - started < 3000);
    assert.deepEqual(result.findings, [{ kind: 'github-token', line: 50_001 }]);
  });
});
