// A small reader of VS Code `when` clauses, enough to check that our contributions only refer to
// things that exist: our views, our tree items' contextValues, context keys our code sets.
// Grammar: https://code.visualstudio.com/api/references/when-clause-contexts

export interface WhenTerm {
  key: string;
  op?: '==' | '!=' | '=~' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';
  value?: string;
}

const OPERATORS = ['===', '!==', '==', '!=', '=~', '<=', '>=', '<', '>'];

/** Splits a clause into its `key [op value]` terms, ignoring `!`, `&&`, `||` and parentheses. */
export function parseWhen(clause: string): WhenTerm[] {
  const tokens: string[] = [];
  let i = 0;
  const s = clause;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (s.startsWith('&&', i) || s.startsWith('||', i)) {
      tokens.push(s.slice(i, i + 2));
      i += 2;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (OPERATORS.some((op) => s.startsWith(op, i))) {
      const op = OPERATORS.find((o) => s.startsWith(o, i))!;
      tokens.push(op);
      i += op.length;
      if (op === '=~') {
        // A regex literal: /…/flags, with escaped slashes.
        while (s[i] === ' ') i++;
        let j = i + 1;
        while (j < s.length && s[j] !== '/') j += s[j] === '\\' ? 2 : 1;
        j++;
        while (j < s.length && /[a-z]/i.test(s[j]!)) j++;
        tokens.push(s.slice(i, j));
        i = j;
      }
    } else if (c === '!') {
      tokens.push('!');
      i++;
    } else if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      const j = end < 0 ? s.length : end + 1;
      tokens.push(s.slice(i, j));
      i = j;
    } else {
      let j = i;
      while (j < s.length && !/[\s()!&|=<>]/.test(s[j]!)) j++;
      // `!=` inside a word cannot happen; a lone `!` in a word is a negation at its start only.
      tokens.push(s.slice(i, j === i ? i + 1 : j));
      i = j === i ? i + 1 : j;
    }
  }

  const terms: WhenTerm[] = [];
  const unquote = (v: string): string => (/^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (['&&', '||', '(', ')', '!'].includes(t)) continue;
    const next = tokens[k + 1];
    if (next && OPERATORS.includes(next)) {
      const op = (next === '===' ? '==' : next === '!==' ? '!=' : next) as WhenTerm['op'];
      terms.push({ key: t, op, value: unquote(tokens[k + 2] ?? '') });
      k += 2;
    } else if (next === 'in' || (next === 'not' && tokens[k + 2] === 'in')) {
      const valueAt = next === 'in' ? k + 2 : k + 3;
      terms.push({ key: t, op: next === 'in' ? 'in' : 'not in', value: tokens[valueAt] ?? '' });
      terms.push({ key: tokens[valueAt] ?? '' });
      k = valueAt;
    } else {
      terms.push({ key: t });
    }
  }
  return terms;
}

/** Turns `/…/flags` into a RegExp; undefined when malformed. */
export function whenRegex(literal: string): RegExp | undefined {
  const m = /^\/(.*)\/([a-z]*)$/i.exec(literal);
  if (!m) return undefined;
  try {
    return new RegExp(m[1]!, m[2]);
  } catch {
    return undefined;
  }
}

export interface KnownContext {
  /** Our own namespace for context keys, views and commands, e.g. `notionSync.`. */
  prefix: string;
  views: ReadonlySet<string>;
  viewContainers: ReadonlySet<string>;
  contextValues: readonly string[];
  /** Context keys the extension sets with `setContext`. */
  ownKeys: ReadonlySet<string>;
  /** Contributed configuration properties (`notionSync.x`). */
  configuration: ReadonlySet<string>;
}

/**
 * VS Code's own context keys that our clauses may use. Extend this list when a contribution needs
 * another built-in key (https://code.visualstudio.com/api/references/when-clause-contexts).
 */
export const BUILTIN_KEYS = new Set([
  'true',
  'false',
  'view',
  'viewItem',
  'viewContainer',
  'activeViewlet',
  'focusedView',
  'sideBarVisible',
  'sideBarFocus',
  'resource',
  'resourceScheme',
  'resourceFilename',
  'resourceExtname',
  'resourceDirname',
  'resourcePath',
  'resourceLangId',
  'resourceSet',
  'isFileSystemResource',
  'explorerResourceIsFolder',
  'explorerResourceIsRoot',
  'explorerViewletVisible',
  'explorerViewletFocus',
  'listMultiSelection',
  'listHasSelectionOrFocus',
  'listFocus',
  'editorLangId',
  'editorFocus',
  'editorTextFocus',
  'editorIsOpen',
  'textInputFocus',
  'inputFocus',
  'activeEditor',
  'activeEditorIsDirty',
  'isWorkspaceTrusted',
  'workspaceFolderCount',
  'workbenchState',
  'virtualWorkspace',
  'remoteName',
  'isWeb',
  'isLinux',
  'isMac',
  'isWindows',
  'inQuickOpen',
  'scmProvider',
  'markdownPreviewFocus',
  'notebookType',
]);

/** Problems with one clause (empty when it only refers to real things). */
export function checkWhen(clause: string, known: KnownContext): string[] {
  const problems: string[] = [];
  const some = (op: WhenTerm['op'], value: string, candidates: Iterable<string>): boolean => {
    const list = [...candidates];
    if (op === '=~') {
      const re = whenRegex(value);
      return !!re && list.some((c) => re.test(c));
    }
    return list.includes(value);
  };
  for (const term of parseWhen(clause)) {
    const { key, op, value } = term;
    if (key === 'view' || key === 'focusedView') {
      if (op && op !== 'in' && op !== 'not in' && !some(op, value ?? '', known.views))
        problems.push(`${key} ${op} ${value}: no contributed view matches`);
    } else if (key === 'viewItem') {
      if (op && op !== 'in' && op !== 'not in' && !some(op, value ?? '', known.contextValues)) {
        problems.push(
          `viewItem ${op} ${value}: matches no contextValue the extension uses (${known.contextValues.join(', ') || 'none'})`,
        );
      }
    } else if (key === 'viewContainer' || key === 'activeViewlet') {
      const ours = value?.replace(/^workbench\.view\.extension\./, '') ?? '';
      if (ours.startsWith(known.prefix.replace(/\.$/, '')) && op === '==' && !known.viewContainers.has(ours))
        problems.push(`${key} == ${value}: no such view container`);
    } else if (key.startsWith('config.')) {
      const setting = key.slice('config.'.length);
      if (setting.startsWith(known.prefix) && !known.configuration.has(setting))
        problems.push(`${key}: no contributed setting ${setting}`);
    } else if (key.startsWith(known.prefix)) {
      if (!known.ownKeys.has(key))
        problems.push(`${key}: a context key of ours that the extension never sets with setContext`);
    } else if (!BUILTIN_KEYS.has(key) && !/^(['"]).*\1$/.test(key) && !/^\d+$/.test(key)) {
      problems.push(
        `${key}: unknown context key (neither ours nor in the list of VS Code keys in test/host/when-clause.ts)`,
      );
    }
  }
  return problems;
}
