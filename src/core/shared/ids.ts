/** Branded identifiers: a PersonId can never be passed where an AssemblyId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type AssemblyId = Brand<string, 'AssemblyId'>;
export type PersonId = Brand<string, 'PersonId'>;
export type MotionId = Brand<string, 'MotionId'>;
export type FederationId = Brand<string, 'FederationId'>;
export type ProposalId = Brand<string, 'ProposalId'>;
export type RoomBindingId = Brand<string, 'RoomBindingId'>;

export const asAssemblyId = (s: string): AssemblyId => s as AssemblyId;
export const asPersonId = (s: string): PersonId => s as PersonId;
export const asMotionId = (s: string): MotionId => s as MotionId;
export const asFederationId = (s: string): FederationId => s as FederationId;
export const asProposalId = (s: string): ProposalId => s as ProposalId;
