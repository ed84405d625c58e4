import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The explorer for analysts and integrators: GraphiQL from the installed @graphql-yoga/graphiql bundle (React,
 * Monaco, its workers and its fonts all inside), served by the gateway itself, so it works on a network with no
 * internet and in production. Signing in is pasting a token; in development a demo user can be picked.
 */

const bundle = dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql'));
const ASSETS: Record<string, string> = {
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'graphiql.css': 'text/css; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
};

/** Example queries for each kind of user, shipped in the repo and run by test/explorer.test.ts. */
export const EXAMPLES = JSON.parse(readFileSync(new URL('./explorer-examples.json', import.meta.url), 'utf8')) as {
  title: string;
  role: string;
  /** The positions that may run it; none listed: anyone, without a token too. */
  positions: string[];
  query: string;
}[];

/** A demo user as the picker shows them: name, agency and position, not an id. */
export interface DemoUser {
  id: string;
  label: string;
  position: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** JSON inside a <script>: no "</script>" can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(demoUsers: DemoUser[]) {
  const examples = EXAMPLES.map((e, i) => `<option value="${i}">${escapeHtml(`${e.role}：${e.title}`)}</option>`).join(
    '',
  );
  const users = demoUsers
    .map(
      (u) =>
        `<option value="${escapeHtml(u.id)}" data-position="${escapeHtml(u.position)}">${escapeHtml(u.label)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>医保骗保数据共享平台 · 查询</title>
<link rel="stylesheet" href="/explorer/assets/graphiql.css">
<style>
html, body { height: 100%; margin: 0; font-family: system-ui, "WenQuanYi Zen Hei", sans-serif; }
#bar { display: flex; gap: .6rem; align-items: center; padding: .4rem .8rem; background: #f3f4f6; border-bottom: 1px solid #ddd; font-size: 14px; }
#bar input { flex: 1; min-width: 12rem; font-family: monospace; }
#graphiql { height: calc(100% - 2.6rem); }
#message { color: #b42318; }
#hint { padding: 2rem; font-size: 15px; color: #444; }
</style>
</head>
<body>
<form id="bar" autocomplete="off">
  <label for="token">令牌 Token</label>
  <input id="token" name="token" placeholder="Bearer 令牌（粘贴）">
  ${users ? `<select id="demo"><option value="">演示用户…</option>${users}</select>` : ''}
  <select id="example"><option value="">示例查询…</option>${examples}</select>
  <button type="submit">使用</button>
  <span id="message" role="alert"></span>
</form>
<div id="graphiql"></div>
<script>
self.MonacoEnvironment = {
  getWorkerUrl(_id, label) {
    const file = label === 'graphql' ? 'graphql.worker..bundle.js' : label === 'json' ? 'json.worker.bundle.js' : 'editor.worker.bundle.js';
    return '/explorer/assets/monacoeditorwork/' + file;
  },
};
</script>
<script src="/explorer/assets/yoga-graphiql.umd.js"></script>
<script>
const examples = ${scriptJson(EXAMPLES)};
const form = document.getElementById('bar');
const tokenField = document.getElementById('token');
const exampleField = document.getElementById('example');
const message = document.getElementById('message');
tokenField.value = sessionStorage.getItem('hub-token') || '';
function render() {
  const token = tokenField.value.trim().replace(/^Bearer\\s+/i, '');
  sessionStorage.setItem('hub-token', token);
  const example = exampleField.value === '' ? undefined : examples[Number(exampleField.value)];
  const root = document.getElementById('graphiql');
  root.replaceChildren();
  // Without a token only the public feed answers: say how to start rather than show a refusal nobody asked for.
  if (!token && !(example && example.positions.length === 0)) {
    const hint = document.createElement('p');
    hint.id = 'hint';
    hint.textContent = '请先选择演示用户或粘贴令牌，再从“示例查询”中选择要运行的查询；公众可直接选择“公众：曝光信息”。';
    root.append(hint);
    return;
  }
  if (example) history.replaceState({}, '', '/explorer');
  YogaGraphiQL.renderYogaGraphiQL(root, {
    endpoint: '/graphql',
    title: '医保骗保数据共享平台',
    query: example ? example.query : '{ me { personId position agency { name } } }',
    additionalHeaders: token ? { authorization: 'Bearer ' + token } : {},
  });
}
form.addEventListener('submit', (event) => { event.preventDefault(); render(); });
exampleField.addEventListener('change', render);
const demo = document.getElementById('demo');
if (demo) demo.addEventListener('change', async () => {
  message.textContent = '';
  if (!demo.value) return;
  let response;
  try {
    response = await fetch('/explorer/token?person=' + encodeURIComponent(demo.value));
  } catch {
    message.textContent = '无法连接平台，请检查网络后重试。';
    return;
  }
  if (!response.ok) {
    message.textContent =
      response.status === 429 ? '请求过于频繁，请一分钟后再试。' : '无法取得该演示用户的令牌（HTTP ' + response.status + '）。';
    return;
  }
  tokenField.value = await response.text();
  // The first example this user may run.
  const position = demo.selectedOptions[0].dataset.position;
  const first = examples.findIndex((e) => e.positions.includes(position));
  exampleField.value = first >= 0 ? String(first) : '';
  render();
});
render();
</script>
</body>
</html>
`;
}

export interface ExplorerOptions {
  /** Development only: mint a token for a demo user, so that one can be picked instead of pasted. */
  demoToken?: { people: DemoUser[]; mint: (personId: string) => Promise<string> };
}

/** GET /explorer and its assets; GET /explorer/token in development. */
export function explorerRoutes(options: ExplorerOptions = {}) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== '/explorer' && !url.pathname.startsWith('/explorer/')) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' });
      res.end();
      return true;
    }
    if (url.pathname === '/explorer') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        // Everything from this server; nothing from anywhere else, not even a font.
        'content-security-policy':
          "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'",
      });
      res.end(page(options.demoToken?.people ?? []));
      return true;
    }
    if (url.pathname === '/explorer/token' && options.demoToken) {
      const person = url.searchParams.get('person') ?? '';
      if (!options.demoToken.people.some((p) => p.id === person)) {
        res.writeHead(404);
        res.end();
        return true;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(await options.demoToken.mint(person));
      return true;
    }
    const asset = url.pathname.slice('/explorer/assets/'.length);
    const type = url.pathname.startsWith('/explorer/assets/') ? ASSETS[asset] : undefined;
    if (!type) {
      res.writeHead(404);
      res.end();
      return true;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    res.end(readFileSync(join(bundle, asset)));
    return true;
  };
}
