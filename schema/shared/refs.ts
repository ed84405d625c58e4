import type { AgencyRow, Viewer } from '../../auth/context.ts';
import type { auditEvents } from '../../db/schema.ts';
import type { ConsultationRow } from '../../resolvers/procedure/consultations.ts';
import type {
  ClockRow,
  DocumentRow,
  NotificationPage,
  NotificationRow,
  TimelineEntry,
} from '../../resolvers/procedure/matters.ts';
import type { MatterRow } from '../../resolvers/procedure/step.ts';
import type { Amounts } from '../../resolvers/steps/amounts.ts';
import type { HubBuilder } from '../builder.ts';

/** The shared subgraph's object types, made first so that each type's file can refer to the others. */
export function sharedRefs(builder: HubBuilder) {
  return {
    Region: builder.objectRef<{ code: string; name: string; parentCode: string | null }>('Region'),
    Agency: builder.objectRef<AgencyRow>('Agency'),
    Viewer: builder.objectRef<Viewer>('Viewer'),
    Matter: builder.objectRef<MatterRow>('Matter'),
    MatterPage: builder.objectRef<{ items: MatterRow[]; nextCursor: string | null }>('MatterPage'),
    Document: builder.objectRef<DocumentRow>('Document'),
    Clock: builder.objectRef<ClockRow>('Clock'),
    TimelineStep: builder.objectRef<TimelineEntry>('TimelineStep'),
    MatterAmounts: builder.objectRef<Amounts>('MatterAmounts'),
    DualListing: builder.objectRef<MatterRow>('DualListing'),
    Consultation: builder.objectRef<ConsultationRow>('Consultation'),
    OutcomeNotification: builder.objectRef<NotificationRow>('OutcomeNotification'),
    NotificationPage: builder.objectRef<NotificationPage>('NotificationPage'),
    AuditEntry: builder.objectRef<typeof auditEvents.$inferSelect>('AuditEntry'),
  };
}

export type SharedRefs = ReturnType<typeof sharedRefs>;
