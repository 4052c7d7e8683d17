/**
 * The sandbox's state: per environment (test | live) a set of users and, per dealer, a tenant
 * with its inventory, customers and what was recorded (impressions, leads, subscribers).
 * Tenants are seeded lazily on first use, deterministically; `reset()` forgets everything.
 */
import { scryptSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Blog } from '../../src/api/types.js';
import type { Dealer, Environment } from './data/dealers.js';
import { seedInventory, type VehicleRec } from './data/inventory.js';
import { mustGet } from './data/lookup.js';
import { peopleOf, seedBlogs, seedCustomer, seedPeople, type CustomerRec, type PersonSeed } from './data/people.js';
import { stableId } from './data/prng.js';

export interface UserRec {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: { mobile?: string; whatsapp?: string };
  passwordHash: string;
  createdDate: string;
}

export interface TestDriveRec {
  dealerId: string;
  environment: Environment;
  id: string;
  vehicleId: string;
  name: string;
  email: string;
  phone: string | null;
  preferredDate: string | null;
  status: 'pending';
  createdDate: string;
}
export interface ContactRec {
  dealerId: string;
  environment: Environment;
  referenceId: string;
  name: string;
  email: string;
  subject: string | null;
  message: string;
  createdDate: string;
}
export interface SubscriberRec {
  dealerId: string;
  environment: Environment;
  email: string;
  subscribedDate: string;
}

export interface Tenant {
  dealer: Dealer;
  environment: Environment;
  vehicles: VehicleRec[];
  vehicleById: Map<string, VehicleRec>;
  customers: Map<string, CustomerRec>;
  customerByUser: Map<string, CustomerRec>;
  blogs: Array<Blog & { coverPath: string }>;
  impressions: Map<string, number>;
  testDrives: TestDriveRec[];
  contacts: ContactRec[];
  newsletter: Map<string, SubscriberRec>;
}

interface World {
  users: Map<string, UserRec>; // by lower-case email
  userById: Map<string, UserRec>;
  tenants: Map<string, Tenant>;
}

// ---------------------------------------------------------------- passwords (scrypt)
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const key = scryptSync(password.normalize('NFKC'), salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [, saltB64, keyB64] = stored.split('$');
  const expected = Buffer.from(keyB64 ?? '', 'base64');
  const actual = scryptSync(password.normalize('NFKC'), Buffer.from(saltB64 ?? '', 'base64'), 32, SCRYPT);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Seeded users share a few precomputed hashes (one per distinct seed password) to keep start-up fast. */
const seedHashes = new Map<string, string>();
function seedHash(password: string): string {
  let h = seedHashes.get(password);
  if (!h) seedHashes.set(password, (h = hashPassword(password, Buffer.from(`seed:${password}`))));
  return h;
}

// ---------------------------------------------------------------- the store
export class Store {
  private worlds = new Map<Environment, World>();
  private people: PersonSeed[] = seedPeople();

  constructor(private readonly dealers: Map<string, Dealer>) {}

  reset(): void {
    this.worlds.clear();
  }

  dealer(id: string): Dealer | undefined {
    return this.dealers.get(id);
  }

  allDealers(): Dealer[] {
    return [...this.dealers.values()];
  }

  /** Tenants seeded so far (the journal reads these). */
  seededTenants(): Tenant[] {
    return [...this.worlds.values()].flatMap((w) => [...w.tenants.values()]);
  }

  world(env: Environment): World {
    let w = this.worlds.get(env);
    if (!w) this.worlds.set(env, (w = { users: new Map(), userById: new Map(), tenants: new Map() }));
    return w;
  }

  tenant(dealerId: string, env: Environment): Tenant {
    const w = this.world(env);
    let t = w.tenants.get(dealerId);
    if (!t) w.tenants.set(dealerId, (t = this.seedTenant(mustGet(this.dealers, dealerId, 'dealer'), env, w)));
    return t;
  }

  private seedTenant(dealer: Dealer, environment: Environment, w: World): Tenant {
    const vehicles = seedInventory(dealer);
    const t: Tenant = {
      dealer,
      environment,
      vehicles,
      vehicleById: new Map(vehicles.map((v) => [v.id, v])),
      customers: new Map(),
      customerByUser: new Map(),
      blogs: seedBlogs(dealer),
      impressions: new Map(),
      testDrives: [],
      contacts: [],
      newsletter: new Map(),
    };
    for (const person of peopleOf(dealer, this.people)) {
      const user = w.users.get(person.email) ?? this.addUser(w, this.seedUser(person));
      this.link(t, seedCustomer(dealer, person, user.id));
    }
    return t;
  }

  private seedUser(p: PersonSeed): UserRec {
    return {
      id: stableId(`user:${p.key}`),
      email: p.email,
      firstName: p.firstName,
      lastName: p.lastName,
      ...(p.phone ? { phone: p.phone } : {}),
      passwordHash: seedHash(p.password),
      createdDate: new Date(Date.parse('2024-01-01T00:00:00Z')).toISOString(),
    };
  }

  addUser(w: World, user: UserRec): UserRec {
    w.users.set(user.email, user);
    w.userById.set(user.id, user);
    return user;
  }

  link(t: Tenant, c: CustomerRec): CustomerRec {
    t.customers.set(c.id, c);
    t.customerByUser.set(c.userId, c);
    return c;
  }
}
