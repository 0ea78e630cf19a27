/**
 * The parameters of a "name taken" refusal (`fed.federationExists`,
 * `fed.assemblyExists`): the name as it stands and, when it differs, the
 * look-alike the member typed (as `shared/names.ts`'s `lookAlike` words it).
 */
export const sameName = (existing: string, wanted: string): { name: string; wanted: string; same: 'yes' | 'no' } => ({ name: existing, wanted, same: existing === wanted ? 'yes' : 'no' });
