const RELEASES = ['Spring', 'Summer', 'Winter'] as const;

export interface ApiVersionEntry {
  readonly label: string;
  readonly url: string;
  readonly version: string;
}

/** The oldest version a current org serves: 21.0-30.0 were retired in Summer '25. */
export const OLDEST_SERVED_VERSION = 31;
/**
 * The newest version of a production org in December 2026: Winter '27 (v68.0). Salesforce ships
 * three releases a year, each one API version up (v60 = Spring '24, v65 = Winter '26, v66 = Spring '26).
 * Source: "Salesforce Platform API Versions 21.0 through 30.0 Retirement" (help.salesforce.com) and
 * the REST API Developer Guide, "Versions" resource (`GET /services/data/` lists every served version).
 */
export const LATEST_SERVED_VERSION = 68;

/** Release label of a major version, from the release calendar (v60 = Spring '24). */
function releaseLabel(major: number): string {
  const release = major - 60;
  const season = ((release % 3) + 3) % 3;
  const calendarYear = 24 + Math.floor(release / 3);
  // Winter releases ship in the autumn and carry the next year's name.
  const labelYear = season === 2 ? calendarYear + 1 : calendarYear;
  return `${RELEASES[season]} '${String(labelYear).padStart(2, '0')}`;
}

/** What `GET /services/data/` answers: every served version, oldest first, with its release label. */
export function servedVersions(oldest: number, latest: number): ApiVersionEntry[] {
  const entries: ApiVersionEntry[] = [];
  for (let major = oldest; major <= latest; major++) {
    const version = `${major}.0`;
    entries.push({ label: releaseLabel(major), url: `/services/data/v${version}`, version });
  }
  return entries;
}
