import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { asc, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema.ts';
import { type JobRunner, startJobs } from '../resolvers/reports/jobs.ts';
import { OUTCOMES_CHANNEL } from '../resolvers/webhooks.ts';
import { MIB, ok, POLICE, transferredMatter } from './procedure.ts';
import { startWorld, type World } from './world.ts';

const REGISTER = `mutation($url: String!) { registerWebhook(url: $url) { webhook { id url } secret } }`;
const LOG = `{ webhooks { id url deliveries { notificationId attempt outcome status error } } }`;

/**
 * Outcome notifications pushed to a bureau's endpoint as signed Standard Webhooks by the job queue, to a receiver on
 * loopback, and retried with backoff while a receiver is down; the delivery log is the bureau's to read.
 */
describe('webhooks for outcome notifications', () => {
  let world: World;
  let jobs: JobRunner;
  let receiver: Server;
  let receiverUrl: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    world = await startWorld('in-process', { ownDatabase: true });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hub/notifications`;
    jobs = await startJobs(world.database, world.hub.services, () => {});
  });
  afterAll(async () => {
    await jobs?.stop();
    receiver?.close();
    await world?.stop();
  });

  const until = async (check: () => Promise<boolean> | boolean, what: string, ms = 45_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${what} within ${ms} ms`);
  };

  it('delivers each outcome signed, verifiable with the secret shown at registration, and logs it', async () => {
    const registered = await world.as(MIB.head, REGISTER, { url: receiverUrl });
    expect(registered.errors).toBeUndefined();
    const { secret } = registered.data.registerWebhook;
    expect(secret).toMatch(/^whsec_/);
    // The step that tells the bureau an outcome NOTIFYs at its commit; the job worker, listening, sweeps at once.
    let heard = 0;
    const unlisten = await world.database.listen(OUTCOMES_CHANNEL, () => heard++);
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await until(() => heard > 0, 'the NOTIFY at commit');
    await unlisten();
    const mine = () => received.find((r) => JSON.parse(r.body).data.matterId === matter.id);
    await until(() => !!mine(), 'the delivery');
    const delivery = mine()!;
    const verified = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>);
    expect(verified).toMatchObject({
      type: 'outcome_notification.created',
      data: { controlNumber: matter.controlNumber, step: 'T4', action: 'acceptTransfer' },
    });
    // Nothing personal travels: the bureau fetches the rest with its own token.
    expect(delivery.body).not.toMatch(/张三|11010|李举报/);
    expect(() =>
      new Webhook(secret).verify(delivery.body.replace('T4', 'T9'), delivery.headers as Record<string, string>),
    ).toThrow();
    const log = await world.as(MIB.officer, LOG);
    expect(log.data.webhooks[0].deliveries).toContainEqual(
      expect.objectContaining({ outcome: 'DELIVERED', status: 204, attempt: 1 }),
    );
    // A second sweep sends nothing again that was delivered.
    const before = received.length;
    await jobs.sweepWebhooks();
    await new Promise((r) => setTimeout(r, 3000));
    expect(received.filter((r) => JSON.parse(r.body).data.matterId === matter.id)).toHaveLength(1);
    expect(received.length).toBe(before);
  }, 90_000);

  it('retries with backoff while the receiver is down, logging each failed attempt', async () => {
    const down = createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const port = (down.address() as { port: number }).port;
    await new Promise<void>((r) => down.close(() => r()));
    const registered = await world.as(MIB.head, REGISTER, { url: `http://127.0.0.1:${port}/gone` });
    const hookId = registered.data.registerWebhook.webhook.id;
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await jobs.sweepWebhooks();
    const attempts = async () => {
      const log = await world.as(MIB.head, LOG);
      return log.data.webhooks.find((w: { id: string }) => w.id === hookId).deliveries as {
        attempt: number;
        outcome: string;
        error: string;
      }[];
    };
    await until(async () => (await attempts()).some((d) => d.attempt >= 2), 'a second attempt');
    const failed = await attempts();
    expect(failed.every((d) => d.outcome === 'FAILED')).toBe(true);
    expect(failed[0].error).toMatch(/ECONNREFUSED|fetch failed/);
  }, 90_000);

  it('audits registering and removing an endpoint, and removes only its own agency’s', async () => {
    const registered = await world.as(MIB.head, REGISTER, { url: 'https://bureau.example/audited' });
    const id = registered.data.registerWebhook.webhook.id;
    const remove = (person: string, webhook: string) =>
      world.as(person, 'mutation($id: ID!) { removeWebhook(id: $id) }', { id: webhook });
    expect((await remove('mib-220104-head', id)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await remove(MIB.head, 'not-an-id')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await remove(MIB.head, id)).errors).toBeUndefined();
    const entries = await world.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, id))
      .orderBy(asc(auditEvents.seq));
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['WEBHOOK_REGISTERED', MIB.head],
      ['WEBHOOK_REMOVED', MIB.head],
    ]);
    expect(JSON.stringify(entries)).not.toContain('whsec_');
  });

  it('takes https endpoints only (plain http to this machine alone), from the bureau’s head', async () => {
    const outside = await world.as(MIB.head, REGISTER, { url: 'http://example.gov.cn/hook' });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const officer = await world.as(MIB.officer, REGISTER, { url: 'https://bureau.example/hook' });
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const police = await world.as(POLICE.officer, LOG);
    expect(police.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
