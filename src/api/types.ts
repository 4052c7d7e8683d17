/**
 * Named CarStrel API types shared by the widgets, the proxy and the sandbox.
 *
 * These names are the stable vocabulary of the codebase. Their definitions are derived from the
 * one contract, `proxy/contract/carstrel.openapi.yaml`, through the generated `schema.ts`
 * (`npm run gen:types`); never edit the shapes here by hand — change the contract and regenerate.
 */
import type { components, operations } from './schema.js';

type Schemas = components['schemas'];

export type ListingType = Schemas['ListingType'];
export type VehicleSort = Schemas['VehicleSort'];
export type SortOrder = Schemas['SortOrder'];
export type VehicleStatus = Schemas['VehicleStatus'];
export type EngineType = Schemas['EngineType'];
export type TransmissionType = Schemas['TransmissionType'];
export type DrivetrainType = Schemas['DrivetrainType'];
export type CustomerSegment = Schemas['CustomerSegment'];
export type LifecycleStage = Schemas['LifecycleStage'];

/** Success envelope of a single resource. */
export type Envelope<T> = Omit<Schemas['Envelope'], 'data'> & { data: T };

/** Success envelope of a list (paginated lists also carry page, limit and totalPages). */
export type ListEnvelope<T> = Omit<Schemas['ListEnvelope'], 'data'> & { data: T[] };

/** The upstream's error envelope; every refusal by sandbox and proxy uses it. */
export type ErrorEnvelope = Schemas['ErrorEnvelope'];

export type Ref = Schemas['Ref'];
export type ModelRef = Schemas['ModelRef'];
export type BrandRef = Schemas['BrandRef'];
export type BodyTypeRef = Schemas['BodyTypeRef'];
export type VehicleCounts = Schemas['VehicleCounts'];

export type Brand = Schemas['Brand'];
export type Model = Schemas['Model'];
export type BodyType = Schemas['BodyType'];
export type Engine = Schemas['Engine'];
export type Generation = Schemas['Generation'];
export type Trim = Schemas['Trim'];

export type Media = Schemas['Media'];
export type SaleOptions = Schemas['SaleOptions'];
/** Rental price block (contract decision D6). */
export type RentalOptions = Schemas['RentalOptions'];
/** Auction block (contract decision D6); `currentBid` is null until the first bid. */
export type AuctionOptions = Schemas['AuctionOptions'];
export type VehicleModel = Schemas['VehicleModel'];
export type VehicleFeatures = Schemas['VehicleFeatures'];
export type PickupDetails = Schemas['PickupDetails'];
export type Vehicle = Schemas['Vehicle'];
export type VehicleStats = Schemas['VehicleStats'];

/** Query of `GET /external/vehicles`. */
export type VehicleQuery = NonNullable<operations['listVehicles']['parameters']['query']>;
/** Query of `GET /external/customers`. */
export type CustomerQuery = NonNullable<operations['listCustomers']['parameters']['query']>;

export type Phone = Schemas['Phone'];
export type CustomerUser = Schemas['CustomerUser'];
export type AuthResult = Schemas['AuthResult'];
export type CustomerSummary = Schemas['CustomerSummary'];
export type MeResult = Schemas['MeResult'];

export type Customer = Schemas['Customer'];
export type CustomerStats = Schemas['CustomerStats'];
export type CustomerClassification = Schemas['CustomerClassification'];
export type CustomerPreferences = Schemas['CustomerPreferences'];
export type CustomerPatchBody = Schemas['CustomerPatchBody'];
export type CustomerPatchResult = Schemas['CustomerPatchResult'];
export type CustomerStatsSummary = Schemas['CustomerStatsSummary'];

export type RegisterBody = Schemas['RegisterBody'];
export type LoginBody = Schemas['LoginBody'];
export type NewsletterBody = Schemas['NewsletterBody'];
export type NewsletterResult = Schemas['NewsletterResult'];
export type ContactBody = Schemas['ContactBody'];
export type ContactResult = Schemas['ContactResult'];
export type TestDriveBody = Schemas['TestDriveBody'];
export type TestDriveResult = Schemas['TestDriveResult'];
export type Blog = Schemas['Blog'];

export type SandboxFaults = Schemas['SandboxFaults'];
export type SandboxJournal = Schemas['SandboxJournal'];
