import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, documentFiles } from '../db/schema.ts';
import { cryptoSuite, digest } from '../domain/crypto.ts';
import { graphql } from './graphql.ts';
import { MIB, ok, POLICE, transferredMatter } from './procedure.ts';
import { startWorld, TOPOLOGIES, type World } from './world.ts';

/** Documents carry their signed files: uploaded by the issuing agency, downloaded by the parties, every download audited. */

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);

describe.each(TOPOLOGIES)('document files (%s)', (topology) => {
  let world: World;
  let base: string;
  beforeAll(async () => {
    world = await startWorld(topology);
    base = world.hub.url.replace(/\/graphql$/, '');
  });
  afterAll(() => world?.stop());

  const put = async (person: string, documentId: string, body: Buffer, filename = '回执.pdf') =>
    fetch(`${base}/documents/${documentId}/file?filename=${encodeURIComponent(filename)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await world.token(person)}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(body),
    });
  const get = async (person: string, documentId: string) =>
    fetch(`${base}/documents/${documentId}/file`, {
      headers: { authorization: `Bearer ${await world.token(person)}` },
    });

  async function receipt() {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    const view = await world.as(
      MIB.officer,
      graphql('query($id: ID!) { matter(id: $id) { documents { id kind file { sha256 } } } }'),
      { id: matter.id },
    );
    return { matter, document: view.data!.matter!.documents.find((d) => d.kind === 'RECEIPT')! };
  }

  it('is uploaded by the police that signed the receipt, downloaded by the bureau, refused to a third agency, every download audited', async () => {
    const { matter, document } = await receipt();
    expect(document.file).toBeNull();
    expect((await put(MIB.officer, document.id, PDF)).status).toBe(404);
    expect((await put(POLICE.officer, document.id, Buffer.from('not a pdf at all'))).status).toBe(415);
    expect((await put(POLICE.officer, document.id, Buffer.alloc(2 * 1024 * 1024, 0x25))).status).toBe(413);
    const uploaded = await put(POLICE.officer, document.id, PDF);
    expect(uploaded.status).toBe(201);
    const stored = await uploaded.json();
    expect(stored).toMatchObject({ digestAlgorithm: cryptoSuite().digest, digest: digest(PDF, cryptoSuite().digest) });
    expect((await put(POLICE.officer, document.id, PDF)).status).toBe(409);

    const seen = await world.as(
      MIB.officer,
      graphql(
        'query($id: ID!) { matter(id: $id) { documents { id file { filename contentType size digest digestAlgorithm path } } } }',
      ),
      { id: matter.id },
    );
    expect(seen.data?.matter?.documents.find((d) => d.id === document.id)?.file).toEqual({
      filename: '回执.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      digest: stored.digest,
      digestAlgorithm: stored.digestAlgorithm,
      path: `/documents/${document.id}/file`,
    });
    const downloaded = await get(MIB.officer, document.id);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(downloaded.headers.get('x-content-digest')).toBe(`${stored.digestAlgorithm}=${stored.digest}`);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await get(POLICE.sibling, document.id)).status).toBe(404);
    expect((await get('mib-220104-officer-1', document.id)).status).toBe(404);
    expect((await fetch(`${base}/documents/${document.id}/file`)).status).toBe(401);

    const audited = await world.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, document.id), eq(auditEvents.action, 'DOCUMENT_FILE_DOWNLOADED')));
    expect(audited.map((e) => e.actorId)).toEqual([MIB.officer]);
    const denied = await world.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'ACCESS_DENIED'), eq(auditEvents.actorId, POLICE.sibling)));
    expect(denied.map((e) => (e.detail as { path: string }).path)).toContain(`/documents/${document.id}/file`);
  });

  it('detects a file whose bytes were changed in storage by its hash, and refuses to hand it out', async () => {
    const { document } = await receipt();
    expect((await put(POLICE.officer, document.id, PDF)).status).toBe(201);
    const tampered = Buffer.from(PDF);
    tampered[PDF.length - 3] ^= 0xff;
    await world.db.update(documentFiles).set({ data: tampered }).where(eq(documentFiles.documentId, document.id));
    const refused = await get(MIB.officer, document.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatch(new RegExp(`does not match its ${cryptoSuite().digest}`));
    const flagged = await world.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, document.id), eq(auditEvents.action, 'DOCUMENT_FILE_CORRUPTED')));
    expect(flagged).toHaveLength(1);
  });
});
