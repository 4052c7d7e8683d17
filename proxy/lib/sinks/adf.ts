/**
 * ADF ("Auto-lead Data Format") 1.0: the XML in which dealer CRMs (VinSolutions, DealerSocket,
 * eLEAD, …) take leads from an inbox. One `<prospect>` per lead: its reference and request date, the
 * car (`<vehicle>` directly inside `<prospect>`: the dealer's car for a test drive, the shopper's
 * own for a trade-in), the shopper (`<customer><contact>`), the dealer (`<vendor>`) and where the
 * lead came from (`<provider>`). Every text is escaped, characters XML cannot carry are dropped, and
 * what the shopper did not fill is left out rather than sent empty. Pure.
 */
import { isoWithOffset } from './lead-event.js';
import type { LeadEvent, VehicleFacts } from './types.js';

type Attrs = Record<string, string | undefined>;
type XmlNode = { name: string; attrs: Attrs; text: string } | { name: string; attrs: Attrs; children: XmlNode[] };

/** Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escaped text content (`&`, `<`, `>`; so `]]>` cannot end anything either). */
export function xmlText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** An element with text, or nothing when there is no value. */
function leaf(name: string, value: string | number | undefined, attrs: Attrs = {}): XmlNode | undefined {
  if (value === undefined) return undefined;
  const text = String(value).replace(NOT_XML, '').trim();
  return text ? { name, attrs, text } : undefined;
}

/** An element with children, or nothing when none of them has content. */
function el(name: string, attrs: Attrs, ...children: Array<XmlNode | undefined>): XmlNode | undefined {
  const kids = children.filter((c): c is XmlNode => c !== undefined);
  return kids.length ? { name, attrs, children: kids } : undefined;
}

function serialize(n: XmlNode, depth = 0): string {
  // Stryker disable next-line StringLiteral: indentation between elements, which XML readers ignore
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(n.attrs)
    .filter((a): a is [string, string] => a[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('');
  if ('text' in n) return `${pad}<${n.name}${attrs}>${xmlText(n.text)}</${n.name}>`;
  // Stryker disable next-line StringLiteral: the line breaks between sibling elements, which XML readers ignore
  const inner = n.children.map((c) => serialize(c, depth + 1)).join('\n');
  return `${pad}<${n.name}${attrs}>\n${inner}\n${pad}</${n.name}>`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The car elements shared by the dealer's car and a trade-in. */
function carElements(car: VehicleFacts, units?: string): Array<XmlNode | undefined> {
  return [
    leaf('year', car.year),
    leaf('make', car.make),
    leaf('model', car.model),
    leaf('trim', car.trim),
    leaf('odometer', car.mileage, { status: 'original', units }),
  ];
}

function vehicles(lead: LeadEvent): Array<XmlNode | undefined> {
  const out: Array<XmlNode | undefined> = [];
  if (lead.kind === 'trade-in' && lead.tradeIn) {
    const car = lead.tradeIn;
    // Stryker disable next-line MethodExpression: an empty note only adds a line break, which leaf() trims
    const notes = [
      car.generation && `Generation: ${car.generation}`,
      car.condition && `Condition: ${car.condition}`,
    ].filter(Boolean);
    out.push(
      el(
        'vehicle',
        { interest: 'trade-in', status: 'used' },
        ...carElements(car, car.mileageUnit),
        leaf('comments', notes.join('\n')),
      ),
    );
  }
  if (lead.vehicle) {
    const car = lead.vehicle;
    // The API does not say new or used; a car with real mileage is used.
    const status = car.mileage === undefined ? undefined : car.mileage > 1000 ? 'used' : 'new';
    out.push(
      el(
        'vehicle',
        { interest: lead.kind === 'test-drive' ? 'test-drive' : 'buy', status },
        leaf('id', car.id, { source: 'CarStrel' }),
        ...carElements(car),
        leaf('price', car.price, { type: 'asking' }),
      ),
    );
  }
  return out;
}

function comments(lead: LeadEvent): string | undefined {
  const f = lead.fields;
  if (lead.kind === 'newsletter') return 'Newsletter subscription';
  if (lead.kind === 'test-drive') return 'Test drive request';
  const subject = lead.kind === 'contact' ? str(f.subject) : undefined;
  const message = str(f.message);
  // Stryker disable next-line MethodExpression: an empty part only adds line breaks at an end, which leaf() trims
  return [subject && `Subject: ${subject}`, message].filter(Boolean).join('\n\n') || undefined;
}

function customer(lead: LeadEvent): XmlNode | undefined {
  const f = lead.fields;
  const { name, email, phone } = lead.contact;
  const first = str(f.firstName);
  const last = str(f.lastName);
  const names =
    first || last
      ? [leaf('name', first, { part: 'first' }), leaf('name', last, { part: 'last' })]
      : [leaf('name', name, { part: 'full' })];
  const preferred = lead.kind === 'test-drive' ? str(f.preferredDate) : undefined;
  return el(
    'customer',
    {},
    el('contact', { primarycontact: '1' }, ...names, leaf('email', email), leaf('phone', phone, { type: 'voice' })),
    preferred
      ? el(
          'timeframe',
          {},
          leaf('description', `Preferred date ${preferred}`),
          /^\d{4}-\d{2}-\d{2}/.test(preferred) ? leaf('earliestdate', preferred) : undefined,
        )
      : undefined,
    leaf('comments', comments(lead)),
  );
}

function pageHost(page: string | undefined): string | undefined {
  try {
    return page ? new URL(page).hostname : undefined;
    // Stryker disable next-line BlockStatement: without the return the function ends, undefined all the same
  } catch {
    return undefined;
  }
}

/** The ADF 1.0 document of one lead. `vendorName`: the dealer (default: the host of the page). */
export function adfDocument(lead: LeadEvent, vendorName?: string): string {
  const prospect = el(
    'prospect',
    { status: 'new' },
    leaf('id', lead.reference, { sequence: '1', source: 'CarStrel Widgets' }),
    leaf('requestdate', isoWithOffset(lead.receivedAt)),
    ...vehicles(lead),
    customer(lead),
    el('vendor', {}, leaf('vendorname', vendorName ?? pageHost(lead.page))),
    el(
      'provider',
      {},
      leaf('name', 'CarStrel Widgets', { part: 'full' }),
      leaf('service', 'Website lead'),
      leaf('url', lead.page),
    ),
  );
  const root = el('adf', {}, prospect);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<?adf version="1.0"?>\n${root ? serialize(root) : '<adf/>'}\n`;
}
