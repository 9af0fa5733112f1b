import { COMMANDS, GROUPS } from './commands';
import type { Command, OptionSpec } from './types';

const EXIT_CODES = `Exit codes:
  0    success
  1    some items failed, or Notion could not be reached
  2    usage or configuration error (the message says what to fix)
  3    gaps found (audit --fail-on-gaps)
  4    authentication or permission error from Notion
  130  interrupted (Ctrl-C)`;

function optionLines(options: Record<string, OptionSpec>): string[] {
  const left = Object.entries(options).map(
    ([name, o]) => `--${name}${o.arg ? ` ${o.arg}` : ''}${o.short ? `, -${o.short}` : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return Object.values(options).map(
    (o, i) => `  ${left[i]!.padEnd(width)}  ${o.description}${o.multiple ? ' (repeatable)' : ''}`,
  );
}

export function mainHelp(version: string, globals: Record<string, OptionSpec>): string {
  const top = COMMANDS.filter((c) => !c.name.includes(' '));
  const rows: [string, string][] = top.map((c) => [c.name, c.summary]);
  for (const [group, subs] of Object.entries(GROUPS))
    rows.push([`${group} ${subs.join('|')}`, `see "notion-sync ${group} --help"`]);
  const width = Math.max(...rows.map(([n]) => n.length));
  return `notion-sync ${version} — keep a workspace's plans, reports, scripts and agent chats in step with Notion

Usage: notion-sync [global options] <command> [options]

Commands:
${rows.map(([n, s]) => `  ${n.padEnd(width)}  ${s}`).join('\n')}

Global options (before or after the command):
${optionLines(globals).join('\n')}

${EXIT_CODES}

Run "notion-sync <command> --help" for a command's options.
`;
}

export function groupHelp(group: string): string {
  const subs = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  const width = Math.max(...subs.map((c) => c.usage.length));
  return `Usage: notion-sync ${group} <${(GROUPS[group] ?? []).join('|')}> [options]

Commands:
${subs.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}

Run "notion-sync ${group} <command> --help" for a command's options.
`;
}

export function commandHelp(command: Command, globals: Record<string, OptionSpec>): string {
  const parts = [
    `Usage: notion-sync ${command.usage}`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
  ];
  if (command.options && Object.keys(command.options).length)
    parts.push('', 'Options:', ...optionLines(command.options));
  if (command.details) parts.push('', command.details);
  parts.push('', 'Global options:', ...optionLines(globals), '', EXIT_CODES, '');
  return parts.join('\n');
}
