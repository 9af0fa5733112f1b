// The JSON Schema of `.notion-sync.json` (schemas/notion-sync.schema.json) compiled with ajv: the one
// description of the file that the engine validates with, the editor completes with and the README follows.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/notion-sync.schema.json';
import { normalizeNotionId } from './notion-id';

export const CONFIG_SCHEMA = schemaJson;

/** Keywords of VS Code's JSON language service: annotations for the editor, no effect on validation. */
const EDITOR_KEYWORDS = [
  'allowComments',
  'allowTrailingCommas',
  'markdownDescription',
  'errorMessage',
  'patternErrorMessage',
  'deprecationMessage',
  'defaultSnippets',
];

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    ajv.addVocabulary(EDITOR_KEYWORDS);
    // Checked by the engine only (editors ignore unknown formats): exactly what normalizeNotionId accepts.
    ajv.addFormat('notion-id', (s: string) => !s.trim() || normalizeNotionId(s) !== undefined);
    compiled = ajv.compile(schemaJson);
  }
  return compiled;
}

/** The schema's findings for a parsed configuration (an empty list when it is valid). */
export function schemaErrors(data: unknown): ErrorObject[] {
  const validate = validator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

export type { ErrorObject };
