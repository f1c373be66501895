import { humanize } from './model-meaning.ts';

/**
 * Owners as people read them. The store keeps the CRM's owner id; a name comes from the configured
 * customer success managers (email.csms), else from an id that is itself a name slug
 * ("owner_ana_garcia" -> "Ana Garcia"). Opaque ids (HubSpot's numbers, Salesforce's 005…) are shown
 * as "owner 1234" so nobody mistakes them for a person's name.
 */
export class OwnerNames {
  readonly #known: ReadonlyMap<string, string>;

  constructor(known: ReadonlyMap<string, string>) {
    this.#known = known;
  }

  label(ownerId: string | null | undefined): string {
    if (!ownerId) return 'no owner';
    const known = this.#known.get(ownerId);
    if (known) return known;
    const slug = /^(?:owner|user|rep)[_-]([a-z]+(?:[_-][a-z]+)+)$/i.exec(ownerId);
    if (slug)
      return slug[1]!
        .split(/[_-]/)
        .map((word) => humanize(word.toLowerCase()))
        .join(' ');
    return `owner ${ownerId}`;
  }
}
