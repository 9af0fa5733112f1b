import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scriptToBlocks } from '../../src/core/content';
import type { Block, RichText } from '../../src/core/content';
import { assertValidBlocks, textOf } from './content-validator.test';

function run(path: string, text: string) {
  const result = scriptToBlocks(path, text);
  assertValidBlocks(result.blocks);
  return result;
}

function codeText(blocks: Block[]): string {
  return blocks
    .filter((b) => b.type === 'code')
    .map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text))
    .join('\n');
}

describe('scripts: summaries', () => {
  const cases: Array<[string, string, string | undefined]> = [
    [
      'a.py',
      '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Fetch the daily report.\n\nWrites CSV.\n"""\nimport os\n',
      'Fetch the daily report.\n\nWrites CSV.',
    ],
    ['a.py', "'''One line.'''\nx = 1\n", 'One line.'],
    ['a.py', 'r"""Raw docstring."""\n', 'Raw docstring.'],
    ['a.py', '#!/usr/bin/env python\n# Sync the things\n# with care.\n\nimport sys\n', 'Sync the things\nwith care.'],
    ['a.py', '# Copyright 2024 ACME\n# SPDX-License-Identifier: MIT\n\n"""Real docstring."""\n', 'Real docstring.'],
    ['a.py', 'import os\n"""not a module docstring"""\n', undefined],
    [
      'a.js',
      '#!/usr/bin/env node\n/**\n * Builds the site.\n * Run with node.\n */\n',
      'Builds the site.\nRun with node.',
    ],
    [
      'a.ts',
      "// @ts-check\n'use strict';\n// Line comment summary\n// second line\nexport {};\n",
      'Line comment summary\nsecond line',
    ],
    ['a.ts', '/* eslint-disable */\n\n/** Doc after directive. */\n', 'Doc after directive.'],
    ['a.js', '// Copyright (c) 2020 X\n// Licensed under MIT\n\n// The tool.\nmain();\n', 'The tool.'],
    [
      'a.sh',
      '#!/bin/bash\n# shellcheck disable=SC2086\n# Deploy to prod.\n#\n# Needs AWS.\nset -e\n',
      'Deploy to prod.\n\nNeeds AWS.',
    ],
    ['a.sh', '#!/bin/sh\n##########\n# Banner #\n##########\necho\n', 'Banner #'],
    [
      'a.ps1',
      '#Requires -Version 7\n<#\n.SYNOPSIS\n  Cleans temp files.\n.DESCRIPTION\n  Removes old files.\n#>\nparam()\n',
      'Cleans temp files.\nRemoves old files.',
    ],
    ['a.ps1', '# Simple PowerShell comment\nWrite-Host 1\n', 'Simple PowerShell comment'],
    ['a.rb', '# frozen_string_literal: true\n=begin\nRuby block doc\n=end\nputs 1\n', 'Ruby block doc'],
    ['a.rb', '#!/usr/bin/env ruby\n# Ruby line doc\nputs 1\n', 'Ruby line doc'],
    ['a.go', '//go:build linux\n\n// Package main does the job.\npackage main\n', 'Package main does the job.'],
    ['a.go', '/*\nPackage tool is a block comment.\n*/\npackage tool\n', 'Package tool is a block comment.'],
    ['a.sql', '-- Monthly rollup\nSELECT 1;\n', 'Monthly rollup'],
    ['a.py', 'print("no comment")\n', undefined],
    ['a.sh', '#!/bin/bash\n\necho hi\n', undefined],
    ['a.py', '', undefined],
  ];
  for (const [path, text, summary] of cases) {
    test(`${path}: ${JSON.stringify(text.slice(0, 40))}`, () => {
      const result = run(path, text);
      assert.equal(result.summary, summary);
      // The docstring is the Summary property and stays in the code; it is not repeated above it.
      assert.ok(result.blocks.every((b) => b.type === 'code'));
      if (text !== '') {
        const code = result.blocks.map((b) => textOf((b.code as { rich_text: RichText[] }).rich_text)).join('\n');
        assert.equal(code, text.replace(/\n$/, ''));
      }
    });
  }

  test('a summary is at most 2000 characters', () => {
    const text = '"""' + 'long '.repeat(1000) + '"""\n';
    const result = run('a.py', text);
    assert.ok(result.summary !== undefined && result.summary.length <= 2000);
    assert.ok(result.summary?.endsWith('…'));
  });
});

describe('scripts: code blocks', () => {
  test('the whole file is in code blocks with the right language; line count', () => {
    const text = '#!/usr/bin/env python3\n"""Doc."""\nimport os\n\nprint(os.name)\n';
    const result = run('scripts/x.py', text);
    assert.equal(result.language, 'python');
    assert.equal(result.lineCount, 5);
    assert.deepEqual(
      result.blocks.map((b) => b.type),
      ['code'],
    );
    assert.equal(result.summary, 'Doc.');
    assert.equal((result.blocks[0].code as { language: string }).language, 'python');
    assert.equal(codeText(result.blocks), text.trimEnd());
  });

  test('languages by extension, and by shebang when the extension says nothing', () => {
    assert.equal(run('a.ts', 'x').language, 'typescript');
    assert.equal(run('a.sh', 'x').language, 'shell');
    assert.equal(run('a.ps1', 'x').language, 'powershell');
    assert.equal(run('a.rb', 'x').language, 'ruby');
    assert.equal(run('a.go', 'x').language, 'go');
    assert.equal(run('bin/tool', '#!/usr/bin/env python3\nprint(1)').language, 'python');
    assert.equal(run('bin/tool', '#!/bin/bash\necho').language, 'bash');
    assert.equal(run('bin/tool', '#!/usr/bin/env -S node --no-warnings\n').language, 'javascript');
    assert.equal(run('bin/tool', 'no shebang').language, 'plain text');
  });

  test('a script longer than one code block is split at line boundaries', () => {
    const lines = Array.from({ length: 6000 }, (_, i) => `echo "line ${i}" # ${'x'.repeat(30)}`);
    const text = lines.join('\n') + '\n';
    const result = run('big.sh', text);
    const codes = result.blocks.filter((b) => b.type === 'code');
    assert.ok(codes.length >= 2);
    assert.equal(codeText(result.blocks), text.trimEnd());
    assert.equal(result.lineCount, 6000);
  });

  test('CRLF, BOM and control characters are normalised', () => {
    const result = run('w.ps1', '\uFEFF# Windows script\r\nWrite-Host "a\u0000"\r\n');
    assert.equal(result.summary, 'Windows script');
    assert.equal(codeText(result.blocks), '# Windows script\nWrite-Host "a"');
    assert.equal(result.lineCount, 2);
  });

  test('empty script', () => {
    const result = run('e.py', '');
    assert.equal(result.lineCount, 0);
    assert.deepEqual(
      result.blocks.map((b) => b.type),
      ['code'],
    );
  });
});
