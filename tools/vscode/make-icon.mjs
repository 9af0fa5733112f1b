// Renders media/icon.png (128×128, the Marketplace icon) from the SVG below with Debian's Chromium.
//   node tools/vscode/make-icon.mjs
import { join } from 'node:path';
import { launchChromium, repoRoot } from './code-server.mjs';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2b2f36"/>
      <stop offset="1" stop-color="#16181c"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#bg)"/>
  <!-- N -->
  <path d="M26 96V32h12l28 41V32h12v64H66L38 55v41z" fill="#ffffff"/>
  <!-- sync: two arcs with arrow heads, on a badge at the bottom right -->
  <circle cx="96" cy="94" r="22" fill="#16181c"/>
  <g fill="none" stroke="#4cc38a" stroke-width="5" stroke-linecap="round">
    <path d="M83.2 91.7A13 13 0 0 1 105.96 85.64"/>
    <path d="M108.8 96.3A13 13 0 0 1 86.04 102.36"/>
  </g>
  <g fill="#4cc38a" stroke="#4cc38a" stroke-width="1.5" stroke-linejoin="round">
    <path d="M110.2 90.7L111.3 80.7L101.1 89.3z"/>
    <path d="M81.8 97.3L80.7 107.3L90.9 98.7z"/>
  </g>
</svg>`;

const browser = await launchChromium();
try {
  const scale = Number(process.env.ICON_SCALE ?? 1);
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: scale });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const out = process.env.ICON_OUT ?? join(repoRoot, 'media', 'icon.png');
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
