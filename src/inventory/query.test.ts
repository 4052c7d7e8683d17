/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { findByAlias, slugify } from './metadata.js';
import { EMPTY_STATE, parseState, toParams, toVehicleQuery, type InventoryState } from './query.js';

const state = (s: Partial<InventoryState>): InventoryState => ({ ...EMPTY_STATE, ...s });

describe('inventory query mapping', () => {
  it('maps every state field to its GET /external/vehicles parameter', () => {
    const q = toVehicleQuery(
      state({
        minYear: 2018,
        maxYear: 2022,
        minPrice: 1000,
        maxPrice: 2000,
        listingType: 'auction',
        sort: 'mileage',
        order: 'asc',
        page: 3,
      }),
      { brandId: 'b', modelId: 'm', bodyTypeId: 't' },
      24,
    );
    expect(q).to.deep.equal({
      page: 3,
      limit: 24,
      brandId: 'b',
      modelId: 'm',
      bodyTypeId: 't',
      minYear: 2018,
      maxYear: 2022,
      minPrice: 1000,
      maxPrice: 2000,
      listingType: 'auction',
      sort: 'mileage',
      order: 'asc',
    });
  });

  it('leaves out what is not set and never asks for more than 100 per page', () => {
    expect(toVehicleQuery(EMPTY_STATE, {}, 12)).to.deep.equal({ page: 1, limit: 12 });
    expect(toVehicleQuery(EMPTY_STATE, {}, 1000).limit).to.equal(100);
    expect(toVehicleQuery(EMPTY_STATE, {}, 0).limit).to.equal(12);
  });

  it('orders swapped ranges instead of sending a query the API refuses', () => {
    const q = toVehicleQuery(state({ minYear: 2024, maxYear: 2010, minPrice: 9000, maxPrice: 100 }), {}, 12);
    expect([q.minYear, q.maxYear, q.minPrice, q.maxPrice]).to.deep.equal([2010, 2024, 100, 9000]);
  });

  it('parses URL and attribute values, dropping invalid ones', () => {
    expect(
      parseState({
        brand: 'toyota',
        'min-year': '2019',
        'max-year': '1800',
        'min-price': '-5',
        'max-price': '30000',
        'listing-type': 'lease',
        sort: 'price',
        order: 'DESC',
        page: '0',
      }),
    ).to.deep.equal({ brand: 'toyota', minYear: 2019, maxPrice: 30000, sort: 'price', order: 'desc' });
    expect(parseState({ brand: '<script>', model: 'camry', 'listing-type': 'any' })).to.deep.equal({
      model: 'camry',
      listingType: '',
    });
  });

  it('writes only the choices that differ from the presets; "any" overrides a preset', () => {
    const presets = state({ brand: 'toyota', listingType: 'sale' });
    expect(toParams({ brand: 'toyota', listingType: '', page: 1, sort: 'price' }, presets)).to.deep.equal({
      'listing-type': 'any',
      sort: 'price',
    });
    expect(toParams({ page: 4 }, presets)).to.deep.equal({ page: '4' });
  });

  it('finds metadata by id, slug, code or name', () => {
    const items = [
      { id: '1', name: 'Pickup Truck', code: 'PICKUP' },
      { id: '2', name: 'Mercedes-Benz', slug: 'mercedes-benz' },
    ];
    expect(findByAlias(items, 'pickup')?.id).to.equal('1');
    expect(findByAlias(items, 'pickup-truck')?.id).to.equal('1');
    expect(findByAlias(items, 'Mercedes-Benz')?.id).to.equal('2');
    expect(findByAlias(items, '2')?.id).to.equal('2');
    expect(findByAlias(items, 'nope')).to.equal(undefined);
    expect(slugify('Citroën C4 Picasso')).to.equal('citroen-c4-picasso');
  });
});
