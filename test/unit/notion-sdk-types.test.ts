import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiColor, BlockObjectRequest } from '@notionhq/client';
import { NOTION_CODE_LANGUAGES } from '../../src/core/content/languages';
import type { NotionCodeLanguage } from '../../src/core/content/languages';
import type { Color } from '../../src/core/content/types';

/*
 * src/core/content writes Notion's enums by hand (only src/core/notion may import the SDK). This file
 * proves, when it type-checks (`npm run typecheck`), that they are exactly the SDK's sets: a new colour
 * or language in the SDK, or a typo here, fails the type check.
 */

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SdkLanguage = Extract<BlockObjectRequest, { code: unknown }>['code']['language'];

const languagesMatch: Same<SdkLanguage, NotionCodeLanguage> = true;
const colorsMatch: Same<ApiColor, Color> = true;

test("content's code languages and colours are the SDK's (checked at compile time)", () => {
  assert.equal(languagesMatch, true);
  assert.equal(colorsMatch, true);
  assert.equal(new Set(NOTION_CODE_LANGUAGES).size, NOTION_CODE_LANGUAGES.length);
});
