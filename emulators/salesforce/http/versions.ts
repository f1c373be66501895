const RELEASES = ['Spring', 'Summer', 'Winter'] as const;

/** API versions 31.0 to 62.0 with their release labels (v60 = Spring '24, v62 = Winter '25). */
export const API_VERSIONS: readonly { label: string; url: string; version: string }[] = Array.from(
  { length: 32 },
  (_, index) => {
    const major = 31 + index;
    const release = major - 60;
    const season = ((release % 3) + 3) % 3;
    const calendarYear = 24 + Math.floor(release / 3);
    // Winter releases ship in the autumn and carry the next year's name.
    const labelYear = season === 2 ? calendarYear + 1 : calendarYear;
    const version = `${major}.0`;
    return {
      label: `${RELEASES[season]} '${String(labelYear).padStart(2, '0')}`,
      url: `/services/data/v${version}`,
      version,
    };
  },
);

export function isSupportedVersion(version: string): boolean {
  return API_VERSIONS.some((entry) => entry.version === version);
}
