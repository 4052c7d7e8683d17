/**
 * Generated images (SVG), so the demo looks like a car site with no network:
 *   vehicles/{brandSlug}/{bodyCode}/{colour}/{view}.svg   a drawing of that body type and colour
 *   brands/{slug}.svg                                     a round badge with the brand's initials
 *   body-types/{code}.svg                                 a line icon of the body type
 *   blogs/{n}.svg                                         a cover illustration
 * Unknown paths give `undefined` (the app answers 404). Every text placed in an SVG is escaped.
 */
import { catalog } from './data/catalog.js';
import { COLOURS } from './data/inventory.js';
import { slugify } from './data/prng.js';

export const VIEWS = ['side', 'front', 'rear', 'interior', 'dusk', 'wheel'] as const;
type View = (typeof VIEWS)[number];

interface Profile {
  x0: number;
  x1: number;
  bottom: number;
  belt: number;
  roof: number;
  aBase: number;
  roofStart: number;
  roofEnd: number;
  cBase: number;
  open?: boolean;
  bed?: { from: number; to: number };
}

const PROFILES: Record<string, Profile> = {
  sedan: { x0: 110, x1: 690, bottom: 372, belt: 298, roof: 222, aBase: 320, roofStart: 395, roofEnd: 540, cBase: 615 },
  coupe: { x0: 110, x1: 690, bottom: 374, belt: 300, roof: 238, aBase: 335, roofStart: 420, roofEnd: 515, cBase: 625 },
  convertible: {
    x0: 110,
    x1: 690,
    bottom: 374,
    belt: 300,
    roof: 300,
    aBase: 345,
    roofStart: 380,
    roofEnd: 380,
    cBase: 380,
    open: true,
  },
  hatchback: {
    x0: 140,
    x1: 650,
    bottom: 372,
    belt: 295,
    roof: 215,
    aBase: 320,
    roofStart: 385,
    roofEnd: 575,
    cBase: 640,
  },
  wagon: { x0: 110, x1: 690, bottom: 372, belt: 296, roof: 218, aBase: 320, roofStart: 395, roofEnd: 640, cBase: 685 },
  suv: { x0: 110, x1: 690, bottom: 352, belt: 282, roof: 188, aBase: 300, roofStart: 370, roofEnd: 645, cBase: 685 },
  crossover: {
    x0: 120,
    x1: 680,
    bottom: 360,
    belt: 288,
    roof: 203,
    aBase: 310,
    roofStart: 380,
    roofEnd: 610,
    cBase: 670,
  },
  minivan: {
    x0: 110,
    x1: 690,
    bottom: 362,
    belt: 285,
    roof: 185,
    aBase: 245,
    roofStart: 330,
    roofEnd: 660,
    cBase: 688,
  },
  van: { x0: 100, x1: 710, bottom: 360, belt: 280, roof: 150, aBase: 200, roofStart: 255, roofEnd: 706, cBase: 708 },
  pickup: {
    x0: 100,
    x1: 710,
    bottom: 350,
    belt: 280,
    roof: 192,
    aBase: 290,
    roofStart: 350,
    roofEnd: 470,
    cBase: 490,
    bed: { from: 495, to: 710 },
  },
};

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

function shade(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const ch = (v: number) => Math.max(0, Math.min(255, Math.round(v + amount * 255)));
  const [r, g, b] = [ch((n >> 16) & 255), ch((n >> 8) & 255), ch(n & 255)];
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

function bodyPath(p: Profile): string {
  const { x0, x1, bottom, belt, roof, aBase, roofStart, roofEnd, cBase } = p;
  if (p.bed) {
    return `M${x0},${bottom} L${x0},${belt + 22} Q${x0 + 4},${belt} ${x0 + 40},${belt - 4} L${aBase},${belt - 8} L${roofStart},${roof} L${roofEnd},${roof} L${cBase},${belt - 8} L${cBase},${belt - 14} L${x1 - 4},${belt - 14} Q${x1},${belt - 12} ${x1},${belt} L${x1},${bottom} Z`;
  }
  return `M${x0},${bottom} L${x0},${belt + 24} Q${x0 + 4},${belt + 2} ${x0 + 45},${belt - 2} L${aBase},${belt - 8} L${roofStart},${roof} L${roofEnd},${roof} Q${cBase - 10},${roof + 4} ${cBase},${belt - 6} L${x1 - 25},${belt} Q${x1},${belt + 4} ${x1},${belt + 30} L${x1},${bottom} Z`;
}

function windowPath(p: Profile): string {
  if (p.open)
    return `M${p.aBase + 8},${p.belt - 10} L${p.aBase + 40},${p.belt - 62} L${p.aBase + 48},${p.belt - 60} L${p.aBase + 24},${p.belt - 10} Z`;
  const inset = 12;
  return `M${p.aBase + inset + 6},${p.belt - 12} L${p.roofStart + 6},${p.roof + inset} L${p.roofEnd - 6},${p.roof + inset} L${p.cBase - inset - 8},${p.belt - 12} Z`;
}

function wheel(cx: number, cy: number, r: number): string {
  const spokes = Array.from({ length: 5 }, (_, i) => {
    const a = (i * 2 * Math.PI) / 5;
    return `<line x1="${cx}" y1="${cy}" x2="${(cx + Math.cos(a) * r * 0.55).toFixed(1)}" y2="${(cy + Math.sin(a) * r * 0.55).toFixed(1)}" stroke="#9aa0a8" stroke-width="7" stroke-linecap="round"/>`;
  }).join('');
  return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#1b1c20"/><circle cx="${cx}" cy="${cy}" r="${r * 0.62}" fill="#c9ced6"/>${spokes}<circle cx="${cx}" cy="${cy}" r="${r * 0.14}" fill="#6b7078"/>`;
}

function car(p: Profile, paint: string): string {
  const wheelY = p.bottom + 8;
  const [w1, w2] = [p.x0 + 115, p.x1 - 115];
  const b = p.bed
    ? `<rect x="${p.bed.from}" y="${p.belt - 14}" width="${p.bed.to - p.bed.from - 6}" height="6" fill="${shade(paint, -0.2)}"/>`
    : '';
  const pillar = p.open
    ? ''
    : `<line x1="${(p.roofStart + p.roofEnd) / 2}" y1="${p.roof + 6}" x2="${(p.aBase + p.cBase) / 2}" y2="${p.belt - 8}" stroke="${shade(paint, -0.25)}" stroke-width="9"/>`;
  return [
    `<ellipse cx="400" cy="${wheelY + 50}" rx="330" ry="18" fill="#000" opacity=".22"/>`,
    `<path d="${bodyPath(p)}" fill="url(#paint)" stroke="${shade(paint, -0.3)}" stroke-width="3" stroke-linejoin="round"/>`,
    b,
    `<path d="${windowPath(p)}" fill="url(#glass)" stroke="${shade(paint, -0.3)}" stroke-width="2"/>`,
    pillar,
    `<line x1="${p.x0 + 30}" y1="${p.belt + 40}" x2="${p.x1 - 30}" y2="${p.belt + 40}" stroke="${shade(paint, -0.18)}" stroke-width="3"/>`,
    `<rect x="${p.x0 - 2}" y="${p.belt + 14}" width="26" height="14" rx="5" fill="#fff6c8"/>`,
    `<rect x="${p.x1 - 20}" y="${p.belt + 16}" width="22" height="14" rx="4" fill="#c8262e"/>`,
    `<circle cx="${w1}" cy="${wheelY}" r="62" fill="${shade(paint, -0.35)}"/>`,
    `<circle cx="${w2}" cy="${wheelY}" r="62" fill="${shade(paint, -0.35)}"/>`,
    wheel(w1, wheelY, 52),
    wheel(w2, wheelY, 52),
  ].join('');
}

function frame(inner: string, defs: string, title: string, w = 800, h = 500): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title><defs>${defs}</defs>${inner}</svg>`;
}

function vehicleSvg(brand: string, bodyKey: string, colourName: string, hex: string, view: View): string {
  const p = PROFILES[bodyKey];
  const dusk = view === 'dusk';
  const sky = dusk ? ['#2b2d5a', '#e9866b'] : view === 'rear' ? ['#cfe3f3', '#f7f4ec'] : ['#bcd9f0', '#eef4f8'];
  const defs =
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient>` +
    `<linearGradient id="paint" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${shade(hex, 0.12)}"/><stop offset=".55" stop-color="${hex}"/><stop offset="1" stop-color="${shade(hex, -0.18)}"/></linearGradient>` +
    `<linearGradient id="glass" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#dbe9f5"/><stop offset="1" stop-color="#5d7489"/></linearGradient>`;
  const title = `${brand} ${bodyKey} in ${colourName.toLowerCase()} (${view} view)`;
  if (view === 'interior') return interiorSvg(title, hex, defs);
  if (view === 'wheel')
    return frame(
      `<rect width="800" height="500" fill="#e7e9ec"/><rect y="0" width="800" height="200" fill="${hex}"/>${wheel(400, 280, 190)}`,
      defs,
      title,
    );
  const ground = dusk ? '#3a3a44' : '#8b8f96';
  const mirror = view === 'front' ? ' transform="translate(800,0) scale(-1,1)"' : '';
  return frame(
    `<rect width="800" height="500" fill="url(#sky)"/><rect y="405" width="800" height="95" fill="${ground}"/><rect y="448" width="800" height="6" fill="#d9d9d2" opacity=".6"/>` +
      `<g${mirror}>${car(p, hex)}</g>` +
      `<text x="400" y="482" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="22" font-weight="700" fill="#fff" opacity=".85">${escapeXml(brand.toUpperCase())}</text>`,
    defs,
    title,
  );
}

function interiorSvg(title: string, hex: string, defs: string): string {
  return frame(
    `<rect width="800" height="500" fill="#2a2c31"/><rect y="0" width="800" height="190" fill="url(#sky)" opacity=".8"/>` +
      `<path d="M0,230 Q400,150 800,230 L800,330 L0,330 Z" fill="#1c1d21"/>` +
      `<rect x="330" y="235" width="140" height="70" rx="10" fill="#0d3b66"/><rect x="342" y="247" width="116" height="46" rx="6" fill="#4aa3df" opacity=".7"/>` +
      `<circle cx="210" cy="330" r="110" fill="none" stroke="#111" stroke-width="26"/><circle cx="210" cy="330" r="28" fill="#111"/>` +
      `<path d="M540,500 L560,360 Q600,330 660,340 L700,500 Z" fill="${hex}"/><path d="M100,500 L60,420 Q90,400 120,410 L150,500 Z" fill="${hex}" opacity=".8"/>`,
    defs,
    title,
  );
}

function hueOf(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

function brandSvg(name: string): string {
  const initials = name
    .split(/[\s-]+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const hue = hueOf(name);
  return frame(
    `<circle cx="60" cy="60" r="56" fill="hsl(${hue},45%,30%)" stroke="hsl(${hue},45%,60%)" stroke-width="5"/>` +
      `<text x="60" y="74" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="40" font-weight="700" fill="#fff">${escapeXml(initials)}</text>`,
    '',
    `${name} logo`,
    120,
    120,
  );
}

function bodyIconSvg(bodyKey: string, name: string): string {
  const p = PROFILES[bodyKey];
  return frame(
    `<g transform="translate(-60,-100) scale(1.15)"><path d="${bodyPath(p)}" fill="none" stroke="#1d2733" stroke-width="14" stroke-linejoin="round"/>` +
      `<circle cx="${p.x0 + 115}" cy="${p.bottom + 8}" r="50" fill="#1d2733"/><circle cx="${p.x1 - 115}" cy="${p.bottom + 8}" r="50" fill="#1d2733"/></g>`,
    '',
    `${name} icon`,
    800,
    400,
  );
}

function blogSvg(n: number): string {
  const hue = (n * 47) % 360;
  return frame(
    `<rect width="800" height="420" fill="hsl(${hue},55%,45%)"/><path d="M300,420 L380,180 L420,180 L500,420 Z" fill="#333"/>` +
      `<path d="M398,400 L399,360 M399,330 L400,290 M400,260 L400,230" stroke="#fff" stroke-width="6"/><circle cx="640" cy="90" r="48" fill="#ffd76a"/>`,
    '',
    `Blog cover ${n}`,
    800,
    420,
  );
}

const BODY_KEYS = new Map(catalog.bodyTypes.map((b) => [b.code.toLowerCase(), b]));
const cache = new Map<string, string>();

/** The SVG for a media path, or undefined if the path names nothing. */
export function renderMedia(path: string): string | undefined {
  const hit = cache.get(path);
  if (hit) return hit;
  const svg = render(path);
  if (svg !== undefined && cache.size < 5000) cache.set(path, svg);
  return svg;
}

function render(path: string): string | undefined {
  const parts = path.split('/');
  const file = (s: string | undefined) => (s?.endsWith('.svg') ? s.slice(0, -4) : undefined);
  if (parts[0] === 'vehicles' && parts.length === 5) {
    const brand = catalog.brands.find((b) => b.slug === parts[1]);
    const bodyKey = parts[2];
    const colour = COLOURS.find(([name]) => slugify(name) === parts[3]);
    const view = file(parts[4]) as View | undefined;
    if (!brand || !BODY_KEYS.has(bodyKey) || !colour || !view || !VIEWS.includes(view)) return undefined;
    return vehicleSvg(brand.name, bodyKeyToProfile(bodyKey), colour[0], colour[1], view);
  }
  if (parts[0] === 'brands' && parts.length === 2) {
    const brand = catalog.brands.find((b) => b.slug === file(parts[1]));
    return brand && brandSvg(brand.name);
  }
  if (parts[0] === 'body-types' && parts.length === 2) {
    const code = file(parts[1]);
    if (!code) return undefined;
    const body = BODY_KEYS.get(code);
    return body && bodyIconSvg(bodyKeyToProfile(code), body.name);
  }
  if (parts[0] === 'blogs' && parts.length === 2) {
    const n = Number(file(parts[1]));
    return Number.isInteger(n) && n >= 1 && n <= 50 ? blogSvg(n) : undefined;
  }
  return undefined;
}

function bodyKeyToProfile(code: string): string {
  return code in PROFILES ? code : 'sedan';
}
