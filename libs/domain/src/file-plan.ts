import {
  ACCESS_MODES,
  type AccessMode,
  type HeadingSummary,
  RETENTION,
  type RetentionCode,
} from '@hoso/contracts';
import { MAX_FILE_NOTATION } from './file-code';

/** One large heading of an agency's file plan (danh mục hồ sơ, Decree 30/2020 Article 28, Appendix V). */
export interface FilePlanHeading {
  /** The heading's symbol (ký hiệu đề mục lớn), the end of every file notation under it: "HT" in "07.HT". */
  heading: string;
  headingTitle: string;
  /** Retention code 01-07; null where the law fixes none here: files under it need classification. */
  retention: RetentionCode | null;
  /** The legal basis of the retention: the decree or circular and its article. */
  basis: string;
  /** Access regime; unset, a file that holds an applicant's personal data is conditional (02), else public. */
  mode?: AccessMode;
  /**
   * Placeholders {procedureName} {applicantName} {dossierCode} {agencyName} {summary} {year}; a part in
   * [brackets] is left out when a placeholder in it is unknown (a receipt not there yet).
   */
  titleTemplate: string;
}

/** How file ordinals run, Decree 30/2020 Appendix V I.2: within each large heading, or across the whole plan. */
export const NUMBERINGS = ['per-heading', 'whole-plan'] as const;
export type Numbering = (typeof NUMBERINGS)[number];

/** An agency's file plan for one year, as the versioned config file gives it. */
export interface FilePlan {
  /** An agency code, or "*" for every agency without a plan of its own. */
  agency: string;
  year: number;
  version: string;
  /** Default per-heading. */
  numbering?: Numbering;
  /** Digits of the ordinal, zero-padded: at least 2, for "01" (Decree 30/2020 Appendix V I.2); default 2. */
  ordinalWidth?: number;
  /** For procedures the plan does not list; a file under it needs classification. */
  default: FilePlanHeading;
  entries: Array<FilePlanHeading & { procedures: string[] }>;
}

export interface PlanChoice extends FilePlanHeading {
  /** False under the default heading or one without a retention: an operator must classify the file. */
  classified: boolean;
}

export const TITLE_PLACEHOLDERS = [
  'procedureName',
  'applicantName',
  'dossierCode',
  'agencyName',
  'summary',
  'year',
] as const;
export type TitleValues = Partial<Record<(typeof TITLE_PLACEHOLDERS)[number], string>>;

const MIN_ORDINAL_WIDTH = 2;

export const ordinalWidthOf = (plan: FilePlan) => plan.ordinalWidth ?? MIN_ORDINAL_WIDTH;

/** The counter a file's ordinal is taken from: its heading's, or the whole plan's ("*"). */
export const counterOf = (plan: FilePlan, heading: string) =>
  plan.numbering === 'whole-plan' ? '*' : heading;

/** A heading as a choice: classified unless it is the default or has no retention. */
function classify(plan: FilePlan, entry: FilePlanHeading & { procedures?: string[] }): PlanChoice {
  const { procedures: _procedures, ...heading } = entry;
  return { ...heading, classified: entry !== plan.default && entry.retention !== null };
}

/** The heading a procedure is filed under: its entry, else the default. */
export function planHeadingFor(plan: FilePlan, procedureCode: string | undefined): PlanChoice {
  const entry = procedureCode ? plan.entries.find((e) => e.procedures.includes(procedureCode)) : undefined;
  return classify(plan, entry ?? plan.default);
}

/** The plan's heading with this symbol, the default's included. */
export function headingNamed(plan: FilePlan, symbol: string): PlanChoice | undefined {
  const entry = [plan.default, ...plan.entries].find((h) => h.heading === symbol);
  return entry && classify(plan, entry);
}

/**
 * The heading of a dossier's file. A file keeps the heading its code names for life (only an operator
 * reclassifies it), so a file already coded takes that heading's metadata, even when its procedure
 * became known later; a plan that dropped the heading lends the procedure's metadata, unclassified.
 */
export function fileHeading(
  plan: FilePlan,
  procedureCode: string | undefined,
  codedUnder?: string,
): PlanChoice {
  if (codedUnder === undefined) return planHeadingFor(plan, procedureCode);
  return (
    headingNamed(plan, codedUnder) ?? {
      ...planHeadingFor(plan, procedureCode),
      heading: codedUnder,
      classified: false,
    }
  );
}

/**
 * The plan that governs an agency's files of a year: its own, else the one for every agency; a year
 * without a plan yet uses the latest earlier one (a new year's plan may be approved late).
 */
export function planFor(plans: readonly FilePlan[], agency: string, year: number): FilePlan | undefined {
  const newestFirst = [...plans].sort((a, b) => b.year - a.year);
  for (const owner of [agency, '*']) {
    const own = newestFirst.filter((p) => p.agency === owner);
    const found = own.find((p) => p.year === year) ?? own.find((p) => p.year < year) ?? own.at(-1);
    if (found) return found;
  }
  return undefined;
}

/** Every problem of a file plan, so a bad config file is refused as a whole with all its faults listed. */
export function filePlanProblems(plan: FilePlan): string[] {
  const problems: string[] = [];
  const where = `file plan ${plan.agency}/${plan.year} (version ${plan.version})`;
  if (plan.agency !== '*' && !/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(plan.agency))
    problems.push(`${where}: agency must be "*" or an agency code`);
  if (!Number.isInteger(plan.year) || plan.year < 2000 || plan.year > 2100)
    problems.push(`${where}: year must be a 4-digit year`);
  if (plan.numbering !== undefined && !NUMBERINGS.includes(plan.numbering))
    problems.push(`${where}: numbering must be ${NUMBERINGS.join(' or ')}`);
  const width = ordinalWidthOf(plan);
  if (!Number.isInteger(width) || width < MIN_ORDINAL_WIDTH || width > 6)
    problems.push(`${where}: ordinalWidth must be a whole number from ${MIN_ORDINAL_WIDTH} to 6`);
  const maxHeading = MAX_FILE_NOTATION - Math.max(width, MIN_ORDINAL_WIDTH) - 1;
  const seen = new Map<string, string>();
  const symbols = new Set<string>();
  for (const [i, h] of [plan.default, ...plan.entries].entries()) {
    const name = i === 0 ? 'default' : `entries[${i - 1}]`;
    if (!/^[A-Z][A-Z0-9.-]*$/.test(h.heading ?? '') || h.heading.length > maxHeading) {
      problems.push(
        `${where}: ${name}.heading must be 1-${maxHeading} of A-Z 0-9 . - starting with a letter (the file notation holds at most ${MAX_FILE_NOTATION})`,
      );
    }
    if (symbols.has(h.heading)) problems.push(`${where}: heading ${h.heading} is there twice`);
    symbols.add(h.heading);
    if (h.retention !== null && !Object.hasOwn(RETENTION, h.retention))
      problems.push(`${where}: ${name}.retention must be a code 01-07, or null where the law fixes none`);
    if (!h.basis?.trim() || h.basis.length > 500)
      problems.push(`${where}: ${name}.basis must name the legal basis (1-500 characters)`);
    if (h.mode !== undefined && !Object.hasOwn(ACCESS_MODES, h.mode))
      problems.push(`${where}: ${name}.mode must be 01, 02 or 03`);
    if (!h.titleTemplate?.trim() || h.titleTemplate.length > 1000)
      problems.push(`${where}: ${name}.titleTemplate must be 1-1000 characters`);
    for (const [, placeholder] of (h.titleTemplate ?? '').matchAll(/\{(\w+)\}/g)) {
      if (!(TITLE_PLACEHOLDERS as readonly string[]).includes(placeholder!))
        problems.push(`${where}: ${name}.titleTemplate has an unknown placeholder {${placeholder}}`);
    }
    if (!h.headingTitle?.trim() || h.headingTitle.length > 500)
      problems.push(`${where}: ${name}.headingTitle must be 1-500 characters`);
    for (const code of (h as { procedures?: string[] }).procedures ?? []) {
      if (!/^\d\.\d{6}$/.test(code))
        problems.push(`${where}: ${name} lists ${code}, which is not a procedure code`);
      if (seen.has(code))
        problems.push(`${where}: procedure ${code} is under both ${seen.get(code)} and ${name}`);
      seen.set(code, name);
    }
  }
  return problems;
}

const MAX_TITLE = 1000;

/**
 * The file title from the template, within the legal 1,000 characters, or undefined when a placeholder
 * outside [brackets] is unknown: a title is never made up from missing facts.
 */
export function renderTitle(template: string, values: TitleValues): string | undefined {
  const known = (name: string) => values[name as keyof TitleValues]?.trim() || undefined;
  const unknownIn = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].some(([, n]) => !known(n!));
  const outside = template.replace(/\[[^\]]*\]/g, '');
  if (unknownIn(outside)) return undefined;
  const title = template
    .replace(/\[([^\]]*)\]/g, (_, part: string) => (unknownIn(part) ? '' : part))
    .replace(/\{(\w+)\}/g, (_, name: string) => known(name)!)
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:)])/g, '$1')
    .trim();
  return title.length <= MAX_TITLE ? title : `${title.slice(0, MAX_TITLE - 1)}…`;
}

/**
 * Why a dossier's file needs an operator to classify it, for the `needs_classification` alert; undefined
 * when it does not, or when its procedure is not known yet (a late receipt is no reason to alert).
 */
export function classificationProblem(
  plan: FilePlan,
  heading: PlanChoice,
  procedure: { code: string; name: string } | undefined,
  filed: boolean,
): string | undefined {
  if (!procedure) {
    return filed
      ? `no event named its procedure by the end of the grace period; filed under ${heading.heading}`
      : undefined;
  }
  const own = planHeadingFor(plan, procedure.code);
  const where = `the ${plan.year} file plan (version ${plan.version})`;
  if (own.heading !== heading.heading)
    return `filed under ${heading.heading}, but ${where} puts procedure ${procedure.code} (${procedure.name}) under ${own.heading}: reclassify it`;
  if (heading.classified) return undefined;
  return heading.heading === plan.default.heading
    ? `procedure ${procedure.code} (${procedure.name}) has no heading in ${where}; filed under ${heading.heading}`
    : `${where} gives heading ${heading.heading} no retention (${heading.basis}); procedure ${procedure.code} (${procedure.name}) waits for one`;
}

/**
 * Why a file cannot be reclassified under `target`, or undefined when it can: an operator may move a file
 * to another heading of its plan until it has been handed to the archive (docs/events.md section 6).
 */
export function reclassificationProblem(
  plan: FilePlan,
  filedUnder: string,
  target: string,
  transferredAt: Date | null,
): string | undefined {
  if (transferredAt)
    return `it was handed to the archive on ${transferredAt.toISOString()}, and a transferred file keeps its code`;
  if (!headingNamed(plan, target)) {
    const symbols = [plan.default, ...plan.entries].map((h) => h.heading).join(', ');
    return `the ${plan.year} file plan (version ${plan.version}) has no heading ${target}; it has ${symbols}`;
  }
  if (target === filedUnder) return `it is filed under ${target} already`;
  return undefined;
}

/** A heading as an operator sees it when reclassifying a file. */
export const headingSummary = ({
  heading,
  headingTitle,
  retention,
  basis,
  classified,
}: PlanChoice): HeadingSummary => ({
  heading,
  headingTitle,
  retention,
  basis,
  classified,
});
