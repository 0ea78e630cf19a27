import type { AccessOutcome } from './room-access.port.js';

/** A holder of a platform role, as the platform reports them. */
export interface RoleHolder {
  readonly userId: string;
  readonly displayName: string;
}

/**
 * Where an assembly that takes its membership from a platform role (policy
 * `electorate role:…`) learns who holds it: Discord roles. The core decides
 * what a holder or a lost role means (membership.service and
 * electorate.service); the platform only answers.
 */
export interface ElectorateSource {
  /** Whether the account holds the role in the server; null when it cannot be told now (outage, unknown server). */
  holdsRole(serverId: string, userId: string, roleId: string): Promise<boolean | null>;
  /**
   * Everyone who holds the role, or null when the platform does not let the
   * bot list members (Discord: without the Server Members intent).
   */
  roleHolders(serverId: string, roleId: string): Promise<readonly RoleHolder[] | null>;
  /** Takes the role away (an exclusion, where the assembly asks). */
  removeRole(serverId: string, userId: string, roleId: string, reason: string): Promise<AccessOutcome>;
}

export const isElectorateSource = (x: object): x is ElectorateSource => typeof (x as Partial<ElectorateSource>).holdsRole === 'function' && typeof (x as Partial<ElectorateSource>).roleHolders === 'function';
