/**
 * Seeded people (users), their customer records per dealer, and blog posts.
 *
 * Every seeded user's password is `sandbox-password`. The demo login `jane.doe@example.com` /
 * `password123` is a customer of dealer one only (log in with dealer two's key to see linking).
 * People 45..59 are customers of both demo dealers (same user, independent customer records).
 * Blog posts: newest first every 17 days; the oldest (`HOSTILE_POST_SLUG`) carries hostile HTML.
 */
import type { Blog, CustomerPreferences, CustomerSegment, LifecycleStage, Phone } from '../../../src/api/types.js';
import type { Dealer } from './dealers.js';
import { SEED_ANCHOR } from './inventory.js';
import { must } from './lookup.js';
import { rng, slugify, stableId } from './prng.js';

const DAY = 86_400_000;
export const SEEDED_PASSWORD = 'sandbox-password';
export const DEMO_LOGIN = { email: 'jane.doe@example.com', password: 'password123' } as const;

export interface PersonSeed {
  key: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: Phone;
  password: string;
}

export interface CustomerRec {
  id: string;
  dealerId: string;
  userId: string;
  totalPurchases: number;
  totalSpent: number;
  lastPurchaseDate: string | null;
  totalVehiclesPurchased: number;
  totalVehiclesRented: number;
  leadScore: number;
  lifecycleStage: LifecycleStage;
  isVip: boolean;
  segment: CustomerSegment;
  preferences: CustomerPreferences;
  tags: string[];
  notes: string | null;
  createdDate: string;
  /** True when created through the API (these appear in the journal). */
  recorded: boolean;
}

const FIRST = [
  'James',
  'Mary',
  'Wanjiru',
  'Kofi',
  'Aiko',
  'Liam',
  'Sofia',
  'Omar',
  'Priya',
  'Lucas',
  'Amara',
  'Chen',
  'Elena',
  'Mateo',
  'Zara',
  'Noah',
  'Fatima',
  'Hiro',
  'Grace',
  'Daniel',
];
const LAST = [
  'Smith',
  'Otieno',
  'Garcia',
  'Mensah',
  'Tanaka',
  'Müller',
  'Rossi',
  'Haddad',
  'Patel',
  'Silva',
  'Kamau',
  'Wang',
  'Novak',
  'Brown',
  "O'Neil",
];
const TAGS = [
  'repeat-buyer',
  'financing-interest',
  'trade-in',
  'fleet',
  'weekend-renter',
  'auction-bidder',
  'referral',
  'newsletter',
];
const VEHICLE_TYPES = ['SUV', 'Sedan', 'Hatchback', 'Pickup Truck', 'Coupe', 'Crossover', 'Minivan'];

/** The pool of seeded people; dealers take overlapping slices of it. */
export function seedPeople(): PersonSeed[] {
  const r = rng('people');
  const people: PersonSeed[] = [];
  for (let i = 0; i < 105; i++) {
    const firstName = FIRST[i % FIRST.length];
    const lastName = LAST[(i * 7) % LAST.length];
    const email = `${slugify(firstName)}.${slugify(lastName).replace(/-/g, '')}${i}@example.com`;
    const phone = r.chance(0.7) ? { mobile: `+1 303 555 ${String(1000 + i).padStart(4, '0')}` } : undefined;
    people.push({
      key: `person:${i}`,
      email,
      firstName,
      lastName,
      ...(phone ? { phone } : {}),
      password: SEEDED_PASSWORD,
    });
  }
  people.push({
    key: 'person:demo',
    email: DEMO_LOGIN.email,
    firstName: 'Jane',
    lastName: 'Doe',
    phone: { mobile: '+1234567890' },
    password: DEMO_LOGIN.password,
  });
  return people;
}

/** Which people are customers of which built-in dealer. */
export function peopleOf(dealer: Dealer, people: PersonSeed[]): PersonSeed[] {
  if (dealer.slug === 'dealer-one') {
    const demo = must(
      people.find((p) => p.key === 'person:demo'),
      'the demo person',
    );
    return [...people.slice(0, 60), demo];
  }
  if (dealer.slug === 'dealer-two') return people.slice(45, 105);
  return people.slice(0, 20);
}

export function segmentOf(
  c: Pick<CustomerRec, 'isVip' | 'totalPurchases' | 'lastPurchaseDate'>,
  now = Date.now(),
): CustomerSegment {
  if (c.isVip) return 'vip';
  if (c.totalPurchases === 0) return 'new';
  if (c.lastPurchaseDate && now - Date.parse(c.lastPurchaseDate) > 365 * DAY) return 'at_risk';
  return 'regular';
}

export function seedCustomer(dealer: Dealer, person: PersonSeed, userId: string): CustomerRec {
  const r = rng(`customer:${dealer.slug}:${person.key}`);
  const purchases = person.key === 'person:demo' ? 0 : r.chance(0.35) ? 0 : r.int(1, 5);
  const rented = purchases ? r.int(0, Math.min(2, purchases)) : 0;
  const created = SEED_ANCHOR - r.int(5, 900) * DAY;
  const lastPurchase = purchases ? Math.max(created, SEED_ANCHOR - r.int(2, 700) * DAY) : null;
  const isVip = purchases >= 3 && r.chance(0.5);
  const base = {
    isVip,
    totalPurchases: purchases,
    lastPurchaseDate: lastPurchase === null ? null : new Date(lastPurchase).toISOString(),
  };
  const segment = segmentOf(base, SEED_ANCHOR);
  const min = r.pick([10000, 15000, 20000, 30000, 50000]);
  return {
    id: stableId(`customer:${dealer.slug}:${person.key}`),
    dealerId: dealer.id,
    userId,
    ...base,
    totalSpent: purchases ? purchases * r.int(80, 450) * 100 : 0,
    totalVehiclesPurchased: purchases - rented,
    totalVehiclesRented: rented,
    leadScore: r.int(10, 99),
    lifecycleStage: segment === 'at_risk' ? 'INACTIVE' : purchases ? 'CUSTOMER' : r.chance(0.5) ? 'PROSPECT' : 'LEAD',
    segment,
    preferences: { vehicleTypes: r.sample(VEHICLE_TYPES, r.int(1, 3)), priceRange: { min, max: min * r.int(2, 3) } },
    tags: r.sample(TAGS, r.int(0, 3)),
    notes: r.chance(0.3)
      ? r.pick(['Interested in luxury vehicles', 'Prefers calls after 5pm', 'Has a trade-in', 'Asked about financing'])
      : null,
    createdDate: new Date(created).toISOString(),
    recorded: false,
  };
}

const POSTS: Array<[title: string, tags: string[], body: string[]]> = [
  [
    'How to choose between buying and renting',
    ['buying', 'rental'],
    [
      'Buying builds equity; renting buys flexibility.',
      'Work out how many days a year you really drive before deciding.',
    ],
  ],
  [
    'Five checks before your test drive',
    ['test-drive'],
    [
      'Bring your licence and a list of questions.',
      'Check the seats, the mirrors, the visibility and the noise at speed.',
    ],
  ],
  [
    'Understanding car auctions',
    ['auction'],
    ['A reserve price is the lowest price the seller accepts.', 'Set a limit before you bid and stick to it.'],
  ],
  [
    'Hybrid, plug-in or electric?',
    ['electric', 'hybrid'],
    [
      'A hybrid never needs a plug; a plug-in hybrid does short trips on electricity.',
      'An electric car suits you if you can charge at home.',
    ],
  ],
  [
    'Financing explained in plain words',
    ['financing'],
    ['The rate matters, but so do the term and the deposit.', 'Ask for the total cost, not just the monthly payment.'],
  ],
  [
    'Winter care for your car',
    ['maintenance'],
    ['Check the battery, the tyres and the washer fluid.', 'Keep the tank at least half full in cold weather.'],
  ],
  [
    'Our guide to family SUVs',
    ['suv', 'family'],
    ['Three rows, easy-clean seats and ISOFIX points matter most.', 'Compare boot space with all seats up.'],
  ],
  // Hostile HTML (the oldest post, slug `HOSTILE_POST_SLUG`): widgets must show every character as text.
  [
    '0% APR weekend <script>alert("xss-blog-title")</script> & "friends"',
    ['financing', '<b>offers</b>'],
    [
      '<img src=x onerror=alert("xss-blog-excerpt")> Zero-rate financing on selected cars, this weekend only.',
      'Terms <b>apply</b>: <a href="javascript:alert(\'xss-blog-link\')">read the small print</a>.',
      '<iframe src="https://example.com"></iframe> Ask us for the total cost.',
    ],
  ],
];

/** Slug of the seeded post whose title, excerpt, content and tags carry markup (the last of `POSTS`). */
export const HOSTILE_POST_SLUG = slugify(POSTS[POSTS.length - 1][0]);

export function seedBlogs(dealer: Dealer): Array<Blog & { coverPath: string }> {
  return POSTS.map(([title, tags, paragraphs], i) => {
    const slug = slugify(title);
    return {
      id: stableId(`blog:${dealer.slug}:${slug}`),
      title,
      slug,
      excerpt: paragraphs[0],
      content: paragraphs.join('\n\n'),
      coverImageUrl: null,
      coverPath: `blogs/${i + 1}.svg`,
      author: `${dealer.name} team`,
      tags,
      publishedDate: new Date(SEED_ANCHOR - (i * 17 + 3) * DAY).toISOString(),
    };
  });
}
