// Detainees and lawyer bindings (R1, R2, R4): the records as stored. The stores are
// shared/adapters/custody-repository.ts (detainees) and shared/adapters/binding-repository.ts (bindings).

export type DetaineeStatus = 'active' | 'released' | 'transferred';
export type BindingStatus = 'active' | 'revoked' | 'ended';
export type Verification = 'documents' | 'first-meeting';

export interface Detainee {
  detaineeId: string;
  centerId: string;
  name: string;
  sex: 'M' | 'F';
  caseUnit?: string;
  status: DetaineeStatus;
  createdAt: string;
  releasedAt?: string;
}

export interface Binding {
  bindingId: string;
  centerId: string;
  detaineeId: string;
  licenseNo: string;
  verification: Verification;
  status: BindingStatus;
  createdAt: string;
  endedAt?: string;
  endReason?: 'revoked' | 'released' | 'transferred';
}
