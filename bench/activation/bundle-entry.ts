import * as esbuild from 'esbuild';

/** Bundles a module the extension host loads to time the activation (CommonJS for Node 20, `vscode` left to the host). */
export async function bundleHostEntry(entry: string, outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
}
