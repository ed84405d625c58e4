import { createBuilder } from '../builder.js';
import { addAgency } from './agency.js';
import { addAuditEntry } from './audit-entry.js';
import { addClock } from './clock.js';
import { addConsultation } from './consultation.js';
import { addDocument } from './document.js';
import { addDualListing } from './dual-listing.js';
import { addMatter } from './matter.js';
import { addMatterAmounts } from './matter-amounts.js';
import { addMonthlyReport } from './monthly-report.js';
import { addOutcomeNotification } from './outcome-notification.js';
import { addPenalty } from './penalty.js';
import { addPerson } from './person.js';
import { sharedRefs } from './refs.js';
import { addRegion } from './region.js';
import { addStatistics } from './statistics.js';
import { addStepContent } from './step-content.js';
import { addTimelineStep } from './timeline-step.js';
import { addViewer } from './viewer.js';
import { addWebhook } from './webhook.js';

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
