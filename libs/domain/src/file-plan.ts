import { ACCESS_MODES, type AccessMode, RETENTION, type RetentionCode } from '@hoso/contracts';

/** One heading of an agency's file plan (danh mục hồ sơ). */
export interface FilePlanHeading {
  /** The heading's symbol, the start of every file notation under it, e.g. "HT" or "05.HT". */
  heading: string;
  headingTitle: string;
  retention: RetentionCode;
  mode: AccessMode;
  /** Placeholders: {procedureName} {applicantName} {dossierCode} {agencyName} {summary} {year}. */
  titleTemplate: string;
}

/** An agency's file plan for one year, as the versioned config file gives it. */
export interface FilePlan {
  /** An agency code, or "*" for every agency without a plan of its own. */
  agency: string;
  year: number;
  version: string;
  /** For procedures the plan does not list; a dossier filed under it needs classification. */
  default: FilePlanHeading;
  entries: Array<FilePlanHeading & { procedures: string[] }>;
}

export interface PlanChoice extends FilePlanHeading {
  /** False when the dossier fell to the default heading. */
  classified: boolean;
}

/** A file notation is heading + "." + a sequence of at least 4 digits, and at most 20 characters (ND30). */
export const MAX_FILE_NOTATION = 20;
const MAX_HEADING = MAX_FILE_NOTATION - 5;

export function planHeadingFor(plan: FilePlan, procedureCode: string | undefined): PlanChoice {
  const entry = procedureCode ? plan.entries.find((e) => e.procedures.includes(procedureCode)) : undefined;
  const { procedures: _procedures, ...heading } = entry ?? { ...plan.default, procedures: [] };
  return { ...heading, classified: entry !== undefined };
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
  const seen = new Map<string, string>();
  for (const [i, h] of [plan.default, ...plan.entries].entries()) {
    const name = i === 0 ? 'default' : `entries[${i - 1}]`;
    if (!/^[A-Z0-9][A-Z0-9.-]*$/.test(h.heading ?? '') || h.heading.length > MAX_HEADING) {
      problems.push(
        `${where}: ${name}.heading must be 1-${MAX_HEADING} of A-Z 0-9 . - (the file notation holds at most ${MAX_FILE_NOTATION})`,
      );
    }
    if (!Object.hasOwn(RETENTION, h.retention))
      problems.push(`${where}: ${name}.retention must be a code 01-07`);
    if (!Object.hasOwn(ACCESS_MODES, h.mode)) problems.push(`${where}: ${name}.mode must be 01, 02 or 03`);
    if (!h.titleTemplate?.trim() || h.titleTemplate.length > 1000)
      problems.push(`${where}: ${name}.titleTemplate must be 1-1000 characters`);
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

/** The file title from the template, within the legal 1,000 characters. */
export function renderTitle(template: string, values: Record<string, string | undefined>): string {
  const title = template
    .replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return title.length <= 1000 ? title : `${title.slice(0, 999)}…`;
}
