import * as vscode from 'vscode';
import { SecretKeys, StateKeys } from './ids';

export type TokenSource = 'secret' | 'env' | 'none';

/**
 * Where the integration token comes from: SecretStorage, else NOTION_TOKEN from the environment the
 * editor was started with (tests, demos, remote machines). Never logged, never in settings.
 */
export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly globalState: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // Another window connected or disconnected.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SecretKeys.token) this.changed.fire();
    });
  }

  async get(): Promise<{ token?: string; source: TokenSource }> {
    const stored = await Promise.resolve(this.secrets.get(SecretKeys.token)).catch(() => undefined);
    if (stored) return { token: stored, source: 'secret' };
    const fromEnv = this.env.NOTION_TOKEN?.trim();
    if (fromEnv && !this.globalState.get<boolean>(StateKeys.disconnected)) return { token: fromEnv, source: 'env' };
    return { source: 'none' };
  }

  async store(token: string): Promise<void> {
    await this.secrets.store(SecretKeys.token, token);
    await this.globalState.update(StateKeys.disconnected, undefined);
    this.changed.fire();
  }

  /** Forgets the stored token; NOTION_TOKEN is ignored until the next Connect. */
  async clear(): Promise<void> {
    await this.secrets.delete(SecretKeys.token);
    await this.globalState.update(StateKeys.disconnected, true);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
