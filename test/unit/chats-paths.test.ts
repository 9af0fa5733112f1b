import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WorkspaceMatcher,
  claudeConfigDirs,
  clineDataDir,
  codexHome,
  editorConfigRoot,
  editorUserDirs,
  folderFromUri,
  isSameOrInside,
  normalizeFolder,
} from '../../src/core/chats/paths';

test('normalizeFolder: resolves, strips trailing separators, folds case on win32/darwin only', () => {
  assert.equal(normalizeFolder('/home/ana/app/', 'linux'), '/home/ana/app');
  assert.equal(normalizeFolder('/home/ana/./x/../app//', 'linux'), '/home/ana/app');
  assert.equal(normalizeFolder('/Home/Ana/App', 'linux'), '/Home/Ana/App');
  assert.equal(normalizeFolder('/Users/Ana/App/', 'darwin'), '/users/ana/app');
  assert.equal(normalizeFolder('C:/Users/Ana/App/', 'win32'), 'c:\\users\\ana\\app');
  assert.equal(normalizeFolder('c:\\users\\ana\\app\\\\', 'win32'), 'c:\\users\\ana\\app');
  assert.equal(normalizeFolder('/', 'linux'), '/');
  assert.equal(normalizeFolder('C:\\', 'win32'), 'c:\\');
});

test('isSameOrInside: the folder and its subfolders match; siblings sharing a prefix and parents do not', () => {
  assert.ok(isSameOrInside('/w/my-app', '/w/my-app/', 'linux'));
  assert.ok(isSameOrInside('/w/my-app/packages/api', '/w/my-app', 'linux'));
  assert.ok(!isSameOrInside('/w/my-app-2', '/w/my-app', 'linux'));
  assert.ok(!isSameOrInside('/w', '/w/my-app', 'linux'));
  assert.ok(!isSameOrInside('/W/My-App', '/w/my-app', 'linux'), 'Linux is case-sensitive');
  assert.ok(isSameOrInside('/Users/a/My-App/src', '/users/a/my-app', 'darwin'));
  assert.ok(isSameOrInside('c:\\Users\\A\\app', 'C:/users/a/App/', 'win32'));
  assert.ok(!isSameOrInside('C:\\Users\\A\\app2', 'C:\\Users\\A\\app', 'win32'));
  assert.ok(!isSameOrInside(undefined, '/w', 'linux'));
  assert.ok(!isSameOrInside('', '/w', 'linux'));
});

test('WorkspaceMatcher accepts aliases (e.g. the real path behind a symlink)', () => {
  const m = new WorkspaceMatcher('/home/a/link', 'linux', ['/data/real/app']);
  assert.ok(m.matches('/home/a/link'));
  assert.ok(m.matches('/data/real/app/sub'));
  assert.ok(!m.matches('/data/real'));
});

test('folderFromUri: file URIs on each platform, WSL remote, other remotes ignored', () => {
  assert.equal(folderFromUri('file:///home/ana/my%20app', 'linux'), '/home/ana/my app');
  assert.equal(folderFromUri('file:///Users/ana/app', 'darwin'), '/Users/ana/app');
  assert.equal(folderFromUri('file:///c%3A/Users/ana/app', 'win32'), 'c:\\Users\\ana\\app');
  assert.equal(folderFromUri('file:///C:/Users/ana/app', 'win32'), 'C:\\Users\\ana\\app');
  assert.equal(folderFromUri('file://server/share/app', 'win32'), '\\\\server\\share\\app');
  assert.equal(folderFromUri('vscode-remote://wsl%2Bubuntu/home/ana/app', 'linux'), '/home/ana/app');
  assert.equal(folderFromUri('vscode-remote://ssh-remote%2Bbox/home/ana/app', 'linux'), undefined);
  assert.equal(folderFromUri('not a uri', 'linux'), undefined);
  assert.equal(folderFromUri(undefined, 'linux'), undefined);
});

test('editor User folders: Linux (XDG_CONFIG_HOME or ~/.config), macOS, Windows (%APPDATA%), plus explicit ones', () => {
  const linux = editorUserDirs({ home: '/home/ana', env: {}, platform: 'linux' });
  assert.deepEqual(
    linux.map((d) => d.dir),
    [
      '/home/ana/.config/Code/User',
      '/home/ana/.config/Code - Insiders/User',
      '/home/ana/.config/VSCodium/User',
      '/home/ana/.config/Cursor/User',
    ],
  );
  assert.equal(editorConfigRoot({ home: '/home/ana', env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux' }), '/xdg');
  const mac = editorUserDirs({ home: '/Users/ana', env: { XDG_CONFIG_HOME: '/ignored' }, platform: 'darwin' });
  assert.equal(mac[3].dir, '/Users/ana/Library/Application Support/Cursor/User');
  assert.equal(mac[0].app, 'Code');
  const win = editorUserDirs({ home: 'C:\\Users\\ana', env: { APPDATA: 'D:\\Roaming' }, platform: 'win32' }, [
    'E:\\portable\\data\\user-data\\User',
  ]);
  assert.equal(win[0].dir, 'D:\\Roaming\\Code\\User');
  assert.equal(win[1].dir, 'D:\\Roaming\\Code - Insiders\\User');
  assert.deepEqual(win[4], { app: 'custom', dir: 'E:\\portable\\data\\user-data\\User' });
  const winNoAppData = editorUserDirs({ home: 'C:\\Users\\ana', env: {}, platform: 'win32' });
  assert.equal(winNoAppData[3].dir, 'C:\\Users\\ana\\AppData\\Roaming\\Cursor\\User');
  // an explicit dir equal to a default one is listed once
  const dup = editorUserDirs({ home: '/home/ana', env: {}, platform: 'linux' }, ['/home/ana/.config/Cursor/User/']);
  assert.equal(dup.length, 4);
});

test('Claude Code, Codex and Cline data folders honour their environment variables', () => {
  assert.deepEqual(claudeConfigDirs({ home: '/home/ana', env: {}, platform: 'linux' }), [
    '/home/ana/.claude',
    '/home/ana/.config/claude',
  ]);
  assert.deepEqual(
    claudeConfigDirs({ home: '/home/ana', env: { CLAUDE_CONFIG_DIR: '/a/claude, ~/b' }, platform: 'linux' }),
    ['/a/claude', '/home/ana/b'],
  );
  assert.deepEqual(claudeConfigDirs({ home: 'C:\\Users\\ana', env: {}, platform: 'win32' }), [
    'C:\\Users\\ana\\.claude',
    'C:\\Users\\ana\\.config\\claude',
  ]);
  assert.equal(codexHome({ home: '/Users/ana', env: {}, platform: 'darwin' }), '/Users/ana/.codex');
  assert.equal(codexHome({ home: '/Users/ana', env: { CODEX_HOME: '/opt/codex' }, platform: 'darwin' }), '/opt/codex');
  assert.equal(codexHome({ home: 'C:\\Users\\ana', env: {}, platform: 'win32' }), 'C:\\Users\\ana\\.codex');
  assert.equal(clineDataDir({ home: '/home/ana', env: {}, platform: 'linux' }), '/home/ana/.cline/data');
  assert.equal(clineDataDir({ home: '/home/ana', env: { CLINE_DATA_DIR: '/c' }, platform: 'linux' }), '/c');
});
