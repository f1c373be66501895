/**
 * Hands out unique web domains. A domain is the identity key that joins the same company across
 * systems, so two demo companies must never share one.
 */
export class DomainRegistry {
  private readonly taken = new Set<string>();

  /** `stem` like "bluepeak", `tld` like "co.uk"; returns a free domain derived from them. */
  claim(stem: string, tld: string): string {
    const variants = [stem, `${stem}hq`, `get${stem}`, `${stem}app`, `try${stem}`];
    for (const variant of variants) {
      const domain = `${variant}.${tld}`;
      if (!this.taken.has(domain)) {
        this.taken.add(domain);
        return domain;
      }
    }
    for (let n = 2; ; n++) {
      const domain = `${stem}${n}.${tld}`;
      if (!this.taken.has(domain)) {
        this.taken.add(domain);
        return domain;
      }
    }
  }
}

/** Lower-case ASCII letters and digits only: "Señor Café" -> "senorcafe". */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
