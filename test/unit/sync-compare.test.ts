// "Compare with Notion" and "Take Notion's version" (issue 13): the Notion side rendered as the file it
// stands for — markdown with front matter from the row, or the script in the local file's envelope.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToBlocks, scriptToBlocks } from '../../src/core/content';
import { renderNotionSide } from '../../src/core/sync/compare';
import { scriptEnvelope } from '../../src/core/content/from-notion';

const title = (t: string): unknown => ({ type: 'title', title: [{ plain_text: t, text: { content: t } }] });
const select = (name: string): unknown => ({ type: 'select', select: { name } });

describe('renderNotionSide', () => {
  test('a markdown page becomes markdown, its Status and Name as front matter, the body as markdown', () => {
    const md = '# Roadmap\n\nFirst paragraph.\n\n- one\n- two\n- [x] done\n';
    const blocks = markdownToBlocks(md).blocks;
    const text = renderNotionSide(blocks, { Name: title('Q2 roadmap'), Status: select('Done') });
    assert.match(text, /^---\n/);
    assert.match(text, /^status: Done$/m);
    assert.match(text, /^title: Q2 roadmap$/m);
    const body = text.replace(/^---\n[\s\S]*?\n---\n\n?/, '');
    assert.equal(body, md, 'the body is the markdown the page was made of (canonical form)');
  });

  test('without properties, only the body: no front matter invented', () => {
    const md = '# Plain\n\nText with *emphasis* and `code`.\n';
    assert.equal(renderNotionSide(markdownToBlocks(md).blocks, undefined), md);
  });

  test("a script page becomes the script, in the local file's line endings, BOM and final newline", () => {
    const local = '\uFEFF#!/bin/sh\r\necho one\r\necho two\r\n';
    const blocks = scriptToBlocks('scripts/x.sh', local.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')).blocks;
    const text = renderNotionSide(blocks, { Name: title('x.sh') }, scriptEnvelope(local));
    assert.equal(text, local);
    const plain = renderNotionSide(blocks, undefined, scriptEnvelope('echo\n'));
    assert.equal(plain, '#!/bin/sh\necho one\necho two\n');
  });
});
