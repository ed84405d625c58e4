import { type CodeOf, codeList } from './codes.ts';

/**
 * Statistics for analysts, supervisors and the reporting job: counts and amounts, never a person. Statistical
 * disclosure control: a group of fewer leads or matters than the threshold (HUB_SDC_THRESHOLD, 5 by default) is shown
 * as "<5" with no count and no amounts; an empty group is not shown at all.
 */

export const STAT_DIMENSIONS = codeList('StatDimension', {
  REGION: '地区',
  BEHAVIOUR: '骗保行为',
  SOURCE: '线索来源',
  STAGE: '办理阶段',
  AGENCY: '医保部门',
  MONTH: '月份',
});
export type StatDimension = CodeOf<typeof STAT_DIMENSIONS>;

export const STAT_SUBJECTS = codeList('StatSubject', { LEADS: '线索（按收到日期）', MATTERS: '案件（按立案日期）' });
export type StatSubject = CodeOf<typeof STAT_SUBJECTS>;

/** The funnel's stages, each counted once per matter, when it first reached it. */
export const FUNNEL_STAGES = codeList('FunnelStage', {
  LEAD: '线索',
  CASE: '行政立案',
  TRANSFERRED: '移送公安机关',
  FILED: '公安机关立案',
  PROSECUTED: '提起公诉',
  JUDGED: '判决',
  EFFECTIVE: '判决生效',
});
export type FunnelStage = CodeOf<typeof FUNNEL_STAGES>;

export const CLOCK_DIMENSIONS = codeList('ClockDimension', { STEP: '程序步骤', AGENCY: '承办机关' });
export type ClockDimension = CodeOf<typeof CLOCK_DIMENSIONS>;

/** A count as an analyst may see it: the number, or "<N" for a group too small to show. */
export interface SuppressedCount {
  value: number | null;
  display: string;
  suppressed: boolean;
}

export function disclose(count: number, threshold: number): SuppressedCount {
  if (count > 0 && count < threshold) return { value: null, display: `<${threshold}`, suppressed: true };
  return { value: count, display: String(count), suppressed: false };
}

/** A rate between two counts, unless either is suppressed or the base is zero. */
export const rateOf = (part: SuppressedCount, whole: SuppressedCount) =>
  part.value === null || whole.value === null || whole.value === 0
    ? null
    : Math.round((part.value / whole.value) * 10_000) / 10_000;
