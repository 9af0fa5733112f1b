// The GitHub Action's entry (action.yml → dist/action.js): runs on the runner's Node, no Docker.
import { runAction } from './run';

runAction().then(
  (r) => {
    process.exitCode = r.exitCode;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stdout.write(
      `::error title=Notion Workspace Sync::${message.replace(/%/g, '%25').replace(/\n/g, '%0A')}\n`,
    );
    process.exitCode = 1;
  },
);
