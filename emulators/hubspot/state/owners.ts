export interface Owner {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly userId: number;
  readonly createdAt: number;
  archived: boolean;
}

/** The portal's users who can own records (hubspot_owner_id values). */
export class OwnerDirectory {
  readonly #owners: Owner[] = [];
  readonly #now: () => number;
  #next = 70000001;

  constructor(now: () => number) {
    this.#now = now;
  }

  add(input: { email: string; firstName: string; lastName: string }): Owner {
    const existing = this.#owners.find((owner) => owner.email === input.email);
    if (existing) return existing;
    const id = this.#next++;
    const owner = { id: String(id), userId: id + 1000, createdAt: this.#now(), archived: false, ...input };
    this.#owners.push(owner);
    return owner;
  }

  list(archived = false): readonly Owner[] {
    return this.#owners.filter((owner) => owner.archived === archived);
  }

  get(id: string): Owner | undefined {
    return this.#owners.find((owner) => owner.id === id);
  }
}

export function ownerJson(owner: Owner): Record<string, unknown> {
  const at = new Date(owner.createdAt).toISOString();
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    createdAt: at,
    updatedAt: at,
    archived: owner.archived,
    teams: [],
  };
}
