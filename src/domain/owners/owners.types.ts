import type { OwnerKind } from '../../store/schema.js';

export type { OwnerKind };

export interface Address {
  address_line_1: string;
  address_line_2?: string | undefined;
  city: string;
  state: string;
  zip_code: string;
  country: string;
}

/** A person: a customer, a Pay-by-Bank user or a profile. */
export interface PersonInput {
  first_name: string;
  middle_name?: string | undefined;
  last_name: string;
  date_of_birth: string;
  email?: string | undefined;
  phone?: string | undefined;
  address?: Address | undefined;
}

export interface BusinessInput {
  legal_business_name: string;
  dba_business_name?: string | undefined;
  ein: string;
  email?: string | undefined;
  phone?: string | undefined;
  address?: Address | undefined;
}

export type OwnerInput =
  { kind: 'business'; data: BusinessInput } | { kind: Exclude<OwnerKind, 'business'>; data: PersonInput };

export interface Owner {
  id: string;
  kind: OwnerKind;
  person: Omit<PersonInput, 'email' | 'phone' | 'address'> | null;
  business: Omit<BusinessInput, 'email' | 'phone' | 'address'> | null;
  email: string | null;
  phone: string | null;
  address: Address | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}
