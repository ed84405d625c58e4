import { createBuilder } from '../builder.ts';
import { addAgency } from './agency.ts';
import { addAuditEntry } from './audit-entry.ts';
import { addClock } from './clock.ts';
import { addConsultation } from './consultation.ts';
import { addDocument } from './document.ts';
import { addDualListing } from './dual-listing.ts';
import { addMatter } from './matter.ts';
import { addMatterAmounts } from './matter-amounts.ts';
import { addMonthlyReport } from './monthly-report.ts';
import { addOutcomeNotification } from './outcome-notification.ts';
import { addPenalty } from './penalty.ts';
import { addPerson } from './person.ts';
import { sharedRefs } from './refs.ts';
import { addRegion } from './region.ts';
import { addStatistics } from './statistics.ts';
import { addStepContent } from './step-content.ts';
import { addTimelineStep } from './timeline-step.ts';
import { addViewer } from './viewer.ts';
import { addWebhook } from './webhook.ts';

/** The backbone every agency shares: the registry, matters with their clocks, timeline and documents, notifications, audit. */
export function buildShared() {
  const builder = createBuilder();
  builder.mutationType({});
  const refs = sharedRefs(builder);
  for (const add of [
    addRegion,
    addAgency,
    addViewer,
    addPerson,
    addMatter,
    addDocument,
    addClock,
    addTimelineStep,
    addStepContent,
    addMatterAmounts,
    addPenalty,
    addDualListing,
    addConsultation,
    addOutcomeNotification,
    addAuditEntry,
    addStatistics,
    addMonthlyReport,
    addWebhook,
  ]) {
    add(builder, refs);
  }
  return builder;
}
