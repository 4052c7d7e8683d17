/**
 * Named CarStrel API types shared by the widgets, the proxy and the sandbox.
 *
 * These names are the stable vocabulary of the codebase. Their definitions are derived from the
 * one contract, `proxy/contract/carstrel.openapi.yaml`, through the generated `schema.ts`
 * (`npm run gen:types`); never edit the shapes here by hand.
 */

export type ListingType = 'sale' | 'rental' | 'auction';
export type VehicleSort = 'createdDate' | 'impressionsCount' | 'year' | 'mileage' | 'price' | 'name';
export type SortOrder = 'asc' | 'desc';

/** Success envelope of a single resource. */
export interface Envelope<T> {
  statusCode: number;
  message?: string;
  data: T;
}

/** Success envelope of a paginated list. */
export interface ListEnvelope<T> extends Envelope<T[]> {
  total?: number;
  page?: number;
  limit?: number;
  totalPages?: number;
}

/** The upstream's error envelope; every refusal by sandbox and proxy uses it. */
export interface ErrorEnvelope {
  statusCode: number;
  message: string;
  error: string;
  timestamp: string;
}

export interface Ref { id: string; name: string }
export interface ModelRef extends Ref { slug: string }
export interface BrandRef extends Ref { logoUrl?: string | null }
export interface BodyTypeRef extends Ref { code?: string }

export interface Brand {
  id: string;
  name: string;
  slug: string;
  logoUrl?: string | null;
  countryOfOrigin?: string | null;
  models?: ModelRef[];
  vehicleCounts?: { rental: number; sale: number; auction: number; total: number };
}

export interface Model {
  id: string;
  name: string;
  slug: string;
  brand?: Ref;
  bodyType?: Ref;
}

export interface BodyType {
  id: string;
  name: string;
  code: string;
  description?: string | null;
  iconUrl?: string | null;
}

export interface Engine {
  id: string;
  name: string;
  type: string;
  displacement?: string | null;
  horsepower?: number | null;
  transmission?: string | null;
}

export interface Generation {
  id: string;
  name: string;
  slug: string;
  model: Ref;
  startYear: number;
  endYear: number | null;
}

export interface Trim {
  id: string;
  name: string;
  slug: string;
  model: Ref;
}

export interface Media {
  id: string;
  url: string;
  type: string;
  category?: string;
  isFeatured?: boolean;
  sortOrder?: number;
}

export interface SaleOptions { price: number; isNegotiable?: boolean; financingAvailable?: boolean }
export interface RentalOptions { [key: string]: unknown }
export interface AuctionOptions { [key: string]: unknown }

export interface Vehicle {
  id: string;
  name: string;
  slug: string;
  description?: string | null;
  year: number;
  mileage?: number | null;
  exteriorColor?: string | null;
  interiorColor?: string | null;
  listingType: ListingType;
  status: string;
  model: ModelRef & { brand: BrandRef; bodyType?: BodyTypeRef };
  engine?: Engine | null;
  media: Media[];
  saleOptions?: SaleOptions | null;
  rentalOptions?: RentalOptions | null;
  auctionOptions?: AuctionOptions | null;
  features?: Record<string, string[]>;
  pickupDetails?: { address?: string; locationName?: string } | null;
  createdDate: string;
  updatedDate?: string;
}

export interface VehicleQuery {
  page?: number;
  limit?: number;
  brandId?: string;
  modelId?: string;
  bodyTypeId?: string;
  minYear?: number;
  maxYear?: number;
  minPrice?: number;
  maxPrice?: number;
  listingType?: ListingType;
  sort?: VehicleSort;
  order?: SortOrder;
}

export interface Phone { mobile?: string; whatsapp?: string }

export interface CustomerUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: Phone;
  profileImageUrl?: string | null;
}

export interface AuthResult {
  isNewUser?: boolean;
  isNewCustomer: boolean;
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  user: CustomerUser;
}

export interface MeResult {
  user: CustomerUser;
  customer: {
    customerId: string;
    lifecycleStage: string;
    customerSegment: string;
    isVip: boolean;
    totalPurchases: number;
    totalSpent: number;
    memberSince: string;
  };
}

export interface RegisterBody { email: string; password: string; firstName: string; lastName: string; phone?: Phone }
export interface LoginBody { email: string; password: string }
export interface NewsletterBody { email: string }
export interface NewsletterResult { email: string; subscribed: boolean }
export interface ContactBody { name: string; email: string; message: string; subject?: string }
export interface ContactResult { success: boolean; message: string; referenceId: string }
export interface TestDriveBody { vehicleId: string; name: string; email: string; phone?: string; preferredDate?: string }
export interface TestDriveResult { id: string; vehicleId: string; status: string }
export interface Blog { id: string; title: string; slug: string; [key: string]: unknown }
