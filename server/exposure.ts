import type { IncomingMessage, ServerResponse } from 'node:http';
import { Feed } from 'feed';
import { BEHAVIOURS, EXPOSURE_KINDS } from '../domain/codes.ts';
import { etagOf } from '../domain/crypto.ts';

/**
 * The public exposure feed outside GraphQL: JSON Feed 1.1 and Atom (the `feed` package) under /feed/, and a plain
 * Chinese page at /exposure that needs no JavaScript. All three are rendered from the anonymous `exposures` query,
 * so they can show nothing the public GraphQL type does not.
 */

export type RunQuery = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{ data?: unknown; errors?: readonly { message: string }[] }>;

const QUERY = `query($region: String, $kind: ExposureKind, $first: Int, $after: String) {
  exposures(region: $region, kind: $kind, first: $first, after: $after) {
    nextCursor
    items {
      id kind regionCode regionName publisher title subjectName creditCode behaviours amountRecovered
      penalties policeResult courtResult summary publishedAt retractedAt retractionNotice
      corrections { version note correctedAt }
      signedContent signature { algorithm keyId value }
    }
  }
}`;

interface Item {
  id: string;
  kind: keyof typeof EXPOSURE_KINDS.labels;
  regionCode: string;
  regionName: string;
  publisher: string;
  title: string;
  subjectName: string | null;
  creditCode: string | null;
  behaviours: (keyof typeof BEHAVIOURS.labels)[] | null;
  amountRecovered: string | null;
  penalties: string | null;
  policeResult: string | null;
  courtResult: string | null;
  summary: string | null;
  publishedAt: string;
  retractedAt: string | null;
  retractionNotice: string | null;
  corrections: { version: number; note: string; correctedAt: string }[];
  signedContent: string | null;
  signature: { algorithm: string; keyId: string; value: string } | null;
}

const escapeHtml = (text: string | null | undefined) =>
  (text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Shanghai wall time for people: 2026年11月30日. */
const day = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const changedAt = (item: Item) =>
  Math.max(
    Date.parse(item.publishedAt),
    ...item.corrections.map((c) => Date.parse(c.correctedAt)),
    item.retractedAt ? Date.parse(item.retractedAt) : 0,
  );

/** The entry as plain lines: the same facts in every format. */
function lines(item: Item) {
  if (item.retractedAt) return [`本条曝光已于${day(item.retractedAt)}撤回。${item.retractionNotice ?? ''}`];
  return [
    `${EXPOSURE_KINDS.labels[item.kind]}｜${item.regionName}｜发布单位：${item.publisher}`,
    `对象：${item.subjectName ?? ''}${item.creditCode ? `（统一社会信用代码 ${item.creditCode}）` : ''}`,
    `违法行为：${(item.behaviours ?? []).map((b) => BEHAVIOURS.labels[b]).join('；')}`,
    `追回金额：${item.amountRecovered ?? '0.00'} 元`,
    item.penalties ? `行政处罚：${item.penalties}` : '',
    item.policeResult ? `公安机关处理：${item.policeResult}` : '',
    item.courtResult ? `法院判决：${item.courtResult}` : '',
    item.summary ?? '',
    ...item.corrections.map((c) => `更正（${day(c.correctedAt)}，第${c.version}版）：${c.note}`),
  ].filter(Boolean);
}

/** The page's and the feeds' query parameters, checked: a filter, or the Chinese message of the first one that is wrong. */
export function filterFrom(url: URL): { filter: Record<string, unknown> } | { error: string } {
  const get = (name: string) => url.searchParams.get(name) || undefined;
  const kind = get('kind');
  if (kind && !(EXPOSURE_KINDS.values as string[]).includes(kind)) {
    const known = EXPOSURE_KINDS.values.map((k) => `${k}（${EXPOSURE_KINDS.labels[k]}）`).join('、');
    return { error: `参数 kind 有误：只能是 ${known}。` };
  }
  const region = get('region');
  if (region && !/^\d{6}$/.test(region)) return { error: '参数 region 有误：应为六位行政区划代码，如 220100。' };
  const first = get('first');
  if (first && !/^\d{1,3}$/.test(first)) return { error: '参数 first 有误：应为 1 至 100 的整数。' };
  if (first && (Number(first) < 1 || Number(first) > 100)) return { error: '参数 first 有误：应为 1 至 100 的整数。' };
  const after = get('after');
  if (after && !/^[\w.=-]{1,200}$/.test(after)) return { error: '参数 after 有误：请使用页面上的“下一页”链接。' };
  return { filter: { region, kind, after, first: first === undefined ? undefined : Number(first) } };
}

/** A refusal the public can read: a Chinese message and 400, never an internal error. */
function refuse(res: ServerResponse, message: string) {
  res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

function send(req: IncomingMessage, res: ServerResponse, type: string, body: string, lastModified: number) {
  const etag = `"${etagOf(body)}"`;
  const modified = new Date(Math.floor((lastModified || Date.now()) / 1000) * 1000);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', modified.toUTCString());
  res.setHeader('Cache-Control', 'public, max-age=60');
  const since = req.headers['if-modified-since'];
  const notModified = req.headers['if-none-match']
    ? req.headers['if-none-match'].split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
    : !!since && Date.parse(since) >= modified.getTime();
  if (notModified) {
    res.writeHead(304);
    return res.end();
  }
  res.writeHead(200, { 'content-type': type });
  res.end(body);
}

function page(items: Item[], next: string | null, url: URL) {
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams(url.searchParams);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return escapeHtml(`?${p}`);
  };
  const kinds = Object.entries(EXPOSURE_KINDS.labels)
    .map(([k, label]) => `<a href="${params({ kind: k })}">${escapeHtml(label)}</a>`)
    .join(' · ');
  const entries = items
    .map(
      (item) => `<article id="e-${escapeHtml(item.id)}">
  <h2>${escapeHtml(item.title)}</h2>
  <p class="meta">发布日期：${day(item.publishedAt)}</p>
  ${lines(item)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n  ')}
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>欺诈骗取医保基金典型案例曝光</title>
<link rel="alternate" type="application/feed+json" href="/feed/exposures.json">
<link rel="alternate" type="application/atom+xml" href="/feed/exposures.atom">
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #222; }
h1 { font-size: 1.6rem; border-bottom: 3px solid #b71c1c; padding-bottom: .4rem; }
article { border-bottom: 1px solid #ddd; padding: .8rem 0; page-break-inside: avoid; }
h2 { font-size: 1.2rem; margin: .2rem 0; }
.meta, nav { color: #555; font-size: .9rem; }
@media print { nav, .feeds { display: none; } body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<h1>欺诈骗取医保基金曝光台</h1>
<nav>按类别查看：<a href="/exposure">全部</a> · ${kinds}</nav>
<p class="feeds">订阅：<a href="/feed/exposures.json">JSON Feed</a> · <a href="/feed/exposures.atom">Atom</a></p>
<main>
${entries || '<p>暂无曝光信息。</p>'}
</main>
${next ? `<nav><a href="${params({ after: next })}">下一页</a></nav>` : ''}
</body>
</html>
`;
}

function feedOf(items: Item[], base: string) {
  const feed = new Feed({
    id: `${base}/exposure`,
    title: '欺诈骗取医保基金曝光台',
    description: '医疗保障部门依法公开曝光的欺诈骗保定点医药机构、参保人及典型案例',
    link: `${base}/exposure`,
    language: 'zh-CN',
    updated: new Date(Math.max(0, ...items.map(changedAt))),
    copyright: '公开发布',
    generator: 'yibao-hub',
    feedLinks: { json: `${base}/feed/exposures.json`, atom: `${base}/feed/exposures.atom` },
  });
  for (const item of items) {
    const text = lines(item).join('\n');
    feed.addItem({
      id: `${base}/exposure#e-${item.id}`,
      link: `${base}/exposure#e-${item.id}`,
      title: item.title,
      date: new Date(changedAt(item)),
      published: new Date(item.publishedAt),
      description: text,
      content: lines(item)
        .map((line) => `<p>${escapeHtml(line)}</p>`)
        .join(''),
      author: [{ name: item.publisher }],
      category: [{ name: EXPOSURE_KINDS.labels[item.kind], term: item.kind }],
    });
  }
  return feed;
}

/**
 * JSON Feed 1.1: the `feed` package writes 1.0, whose single `author` 1.1 replaces by `authors`. Each item carries
 * the hub's signature of the published version in the extension `_signature`: the signed text, the signature, and
 * where its public key is.
 */
function jsonFeed11(feed: Feed, items: Item[], base: string) {
  const json = JSON.parse(feed.json1());
  json.version = 'https://jsonfeed.org/version/1.1';
  json.language = 'zh-CN';
  for (const item of json.items ?? []) {
    const source = items.find((i) => item.id === `${base}/exposure#e-${i.id}`);
    if (source?.signature && source.signedContent)
      item._signature = {
        signed_content: source.signedContent,
        algorithm: source.signature.algorithm,
        key_id: source.signature.keyId,
        value: source.signature.value,
        key_url: `${base}/keys/${source.signature.keyId}.pem`,
      };
    if (item.summary) item.content_text = item.summary;
    if (item.author) {
      item.authors = [item.author];
      delete item.author;
    }
  }
  return JSON.stringify(json, null, 2);
}

/** Handles /feed/exposures.json, /feed/exposures.atom and /exposure; false for any other path. */
export function exposureRoutes(run: RunQuery, baseUrl: () => string) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const format = { '/feed/exposures.json': 'json', '/feed/exposures.atom': 'atom', '/exposure': 'html' }[
      url.pathname
    ];
    if (!format) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return true;
    }
    const checked = filterFrom(url);
    if ('error' in checked) {
      refuse(res, checked.error);
      return true;
    }
    const result = await run(QUERY, checked.filter);
    if (result.errors?.length) {
      const code = (result.errors[0] as { extensions?: { code?: string } }).extensions?.code;
      if (code === 'BAD_USER_INPUT') refuse(res, '请求参数有误，请从曝光台首页重新进入。');
      else {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
        res.end('曝光台暂时无法访问，请稍后再试。');
      }
      return true;
    }
    const { items, nextCursor } = (result.data as { exposures: { items: Item[]; nextCursor: string | null } })
      .exposures;
    const lastModified = Math.max(0, ...items.map(changedAt));
    const base = baseUrl();
    if (format === 'html') {
      // The page loads nothing: no script, no font, no image from anywhere.
      res.setHeader(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'",
      );
      send(req, res, 'text/html; charset=utf-8', page(items, nextCursor, url), lastModified);
    } else if (format === 'json')
      send(
        req,
        res,
        'application/feed+json; charset=utf-8',
        jsonFeed11(feedOf(items, base), items, base),
        lastModified,
      );
    else send(req, res, 'application/atom+xml; charset=utf-8', feedOf(items, base).atom1(), lastModified);
    return true;
  };
}
