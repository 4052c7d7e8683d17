/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import type { Vehicle } from '../api/types.js';
import { translator } from './i18n.js';
import { carJsonLd, jsonLdText } from './json-ld.js';
import { loadLanguage } from './language-packs.js';
import { listingMessages, listingPacks } from './listing-messages.js';
import { headlinePrice, priceLines, priceText } from './pricing.js';
import { featuredPhoto, vehicleHref } from './vehicle-data.js';

const base = {
  id: 'a1',
  name: 'Car',
  slug: 'car',
  year: 2022,
  status: 'available',
  media: [],
  createdDate: '2026-01-01T00:00:00Z',
  model: { id: 'm', name: 'M', slug: 'm', brand: { id: 'b', name: 'B' } },
};
const sale = {
  ...base,
  listingType: 'sale',
  saleOptions: { price: 35000, currency: 'USD', isNegotiable: true, financingAvailable: true },
} as unknown as Vehicle;
const rental = {
  ...base,
  listingType: 'rental',
  rentalOptions: {
    dailyRate: 59,
    weeklyRate: 354,
    monthlyRate: 1298,
    deposit: 500,
    currency: 'EUR',
    minimumDays: 2,
    mileageLimitPerDay: 200,
    insuranceIncluded: true,
  },
} as unknown as Vehicle;
const auction = {
  ...base,
  listingType: 'auction',
  auctionOptions: {
    startingBid: 12000,
    currentBid: 14550.5,
    reserveMet: false,
    bidCount: 7,
    auctionStart: '2026-11-20T00:00:00Z',
    auctionEnd: '2026-12-24T18:00:00Z',
    buyNowPrice: 21000,
    currency: 'GBP',
  },
} as unknown as Vehicle;
const now = new Date('2026-11-28T00:00:00Z');

const text = (v: Vehicle, lang: string, locale: string, compact = false) =>
  priceText(priceLines(v, { locale, compact, now }), translator(listingMessages, lang)).map((s) =>
    s.replace(/[\u202f\u00a0]/g, ' '),
  );

describe('price formatting', () => {
  // French strings load on demand (language-packs.ts), as on a French page.
  before(() => loadLanguage(Object.assign(document.createElement('p'), { lang: 'fr' }), listingMessages, listingPacks));

  it('sale prices in two locales', () => {
    expect(text(sale, 'en', 'en-US')).to.deep.equal(['$35,000', 'Negotiable', 'Financing available']);
    expect(text(sale, 'fr', 'fr-FR')).to.deep.equal(['35 000 $US', 'Négociable', 'Financement possible']);
  });

  it('rental rates per day and week, deposit and terms in two locales', () => {
    expect(text(rental, 'en', 'en-GB')).to.deep.equal([
      '€59 / day',
      '€354 / week',
      '€1,298 / month',
      'Deposit €500',
      'Minimum 2 days',
      '200 km per day included',
      'Insurance included',
    ]);
    expect(text(rental, 'fr', 'fr-FR', true)).to.deep.equal(['59 € / jour', '354 € / semaine']);
  });

  it('auction current bid, end, bids, reserve and buy-now in two locales', () => {
    const en = text(auction, 'en', 'en-GB');
    expect(en[0]).to.equal('Current bid £14,550.50');
    expect(en[1]).to.match(/^Ends 24 Dec 2026, \d\d:\d\d$/);
    expect(en.slice(2)).to.deep.equal(['7 bids', 'Reserve not met', 'Buy now £21,000']);
    const fr = text(auction, 'fr', 'fr-FR');
    expect(fr[0]).to.equal('Enchère actuelle 14 550,50 £GB');
    expect(fr[1]).to.match(/^Se termine le 24 déc\. 2026/);
    const noBids = {
      ...auction,
      auctionOptions: { ...(auction.auctionOptions as object), currentBid: null, auctionEnd: '2026-11-01T00:00:00Z' },
    } as unknown as Vehicle;
    const t = text(noBids, 'en', 'en-US');
    expect(t[0]).to.equal('Starting bid £12,000');
    expect(t[1]).to.match(/^Auction ended/);
  });

  it('a currency attribute wins over the data; missing prices say "on request"', () => {
    expect(
      priceText(priceLines(sale, { locale: 'de-DE', currency: 'eur' }), translator(listingMessages, 'en'))[0].replace(
        /\u00a0/g,
        ' ',
      ),
    ).to.equal('35.000 €');
    const bare = { ...base, listingType: 'sale', saleOptions: null } as unknown as Vehicle;
    expect(text(bare, 'en', 'en')).to.deep.equal(['Price on request']);
    expect(headlinePrice(auction)).to.equal(14550.5);
    expect(headlinePrice(rental)).to.equal(59);
  });
});

describe('vehicle data helpers', () => {
  it('the featured photo wins, then sortOrder; non-http(s) URLs are refused', () => {
    const v = {
      media: [
        { id: '1', url: 'https://x.test/1.jpg', type: 'photo', sortOrder: 2 },
        { id: '2', url: 'javascript:alert(1)', type: 'photo', isFeatured: true, sortOrder: 0 },
        { id: '3', url: 'https://x.test/3.jpg', type: 'photo', sortOrder: 1 },
        { id: '4', url: 'https://x.test/4.jpg', type: 'photo', isFeatured: true, sortOrder: 9 },
      ],
    } as unknown as Vehicle;
    expect(featuredPhoto(v)?.id).to.equal('4');
  });

  it('card links from templates encode their placeholders', () => {
    const v = { id: 'a b', slug: 'x/y' };
    expect(vehicleHref(v, '/cars/{slug}', 'vehicle', 'https://d.test/list?q=1')).to.equal('https://d.test/cars/x%2Fy');
    expect(vehicleHref(v, '', 'vehicle', 'https://d.test/list?q=1#top')).to.equal(
      'https://d.test/list?q=1&vehicle=a+b',
    );
  });

  it('JSON-LD is a Car with an Offer and cannot close its script element', () => {
    const ld = carJsonLd(
      { ...sale, name: '</script><script>alert(1)</script>' },
      {
        url: 'https://d.test/cars/car',
      },
    );
    expect(ld['@type']).to.equal('Car');
    expect(ld.offers).to.deep.include({ '@type': 'Offer', price: 35000, priceCurrency: 'USD' });
    expect(jsonLdText(ld)).to.not.contain('<');
    expect(JSON.parse(jsonLdText(ld)).name).to.equal('</script><script>alert(1)</script>');
  });
});
