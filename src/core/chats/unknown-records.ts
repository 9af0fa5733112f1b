// Records a reader does not understand (a newer tool version wrote them): counted per tool and reported ONCE, with
// the tool versions seen and the count, through the reader's warning channel — never dropped silently.
import type { ReaderContext } from './reader-context';

export class UnknownRecords {
  private readonly kinds = new Map<string, number>();
  private readonly versions = new Set<string>();
  private readonly files = new Set<string>();

  /** `label` names the tool in the message (e.g. "Codex"). */
  constructor(private readonly label: string) {}

  add(kind: string, file: string, version?: string, n = 1): void {
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + n);
    this.files.add(file);
    if (version) this.versions.add(version);
  }

  /** The first file that held such a record (to name the store it belongs to). */
  get firstFile(): string | undefined {
    return this.files.values().next().value;
  }

  get count(): number {
    return [...this.kinds.values()].reduce((a, b) => a + b, 0);
  }

  /** One warning for the whole store (`where`: the store folder or database), or nothing when all was understood. */
  report(ctx: ReaderContext, where: string): void {
    const n = this.count;
    if (!n) return;
    const versions = [...this.versions].sort(compareVersions);
    const by = versions.length ? `${this.label} ${versions.join(', ')}` : `${this.label} (version not recorded)`;
    const kinds = [...this.kinds]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, c]) => `'${k}' ×${c}`)
      .join(', ');
    const files = this.files.size;
    ctx.warn(
      where,
      `${by}: ${n} record${n > 1 ? 's' : ''} of a kind this reader does not understand ${n > 1 ? 'were' : 'was'} not read (${kinds}) in ${files} file${files > 1 ? 's' : ''}`,
    );
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
