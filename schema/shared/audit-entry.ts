import { AUDIT_ACTIONS, type AuditAction } from '../../domain/audit.ts';
import { listAuditEntries } from '../../resolvers/audit.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { allowed, guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** The audit log, for a bureau's head (its own staff and records) and for auditors (the agencies under them). */
export function addAuditEntry(builder: HubBuilder, { AuditEntry }: SharedRefs) {
  AuditEntry.implement({
    description: 'One link of the append-only, hash-chained audit log.',
    fields: (t) => ({
      seq: t.int({ resolve: (e) => e.seq }),
      at: t.expose('at', { type: 'DateTime' }),
      actorId: t.exposeID('actorId', { nullable: true }),
      agencyId: t.exposeID('agencyId', { nullable: true }),
      action: t.field({ type: enumOf(builder, AUDIT_ACTIONS), resolve: (e) => e.action as AuditAction }),
      targetType: t.exposeString('targetType', { nullable: true }),
      targetId: t.exposeID('targetId', { nullable: true }),
      hash: t.exposeString('hash'),
    }),
  });
  guardType(builder, 'AuditEntry', guardedByParent);

  builder.queryField('auditEntries', (t) =>
    t.field({
      type: [AuditEntry],
      description:
        "For an MIB head: its staff's and its records' entries. For a superior reviewer: those of the agencies under it.",
      args: { first: t.arg.int(), before: t.arg.int({ description: 'Entries before this sequence number.' }) },
      resolve: (_r, args, ctx) => listAuditEntries(ctx, args),
    }),
  );
  guardFields(builder, 'Query', { auditEntries: allowed('audit:list') });
}
