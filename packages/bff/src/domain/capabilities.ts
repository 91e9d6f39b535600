/** Svix's App Portal capabilities. */
export const CAPABILITIES = [
  'ViewBase',
  'ViewEndpointSecret',
  'ManageEndpointSecret',
  'ManageTransformations',
  'CreateAttempts',
  'ManageEndpoint',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

// ManageEndpoint reads and changes "any field or configuration of an endpoint, including
// secrets" (Svix), so it carries the narrower endpoint capabilities with it.
const IMPLIED_BY: Partial<Record<Capability, Capability[]>> = {
  ViewEndpointSecret: ['ManageEndpointSecret', 'ManageEndpoint'],
  ManageEndpointSecret: ['ManageEndpoint'],
  ManageTransformations: ['ManageEndpoint'],
};

export function hasCapability(granted: readonly Capability[], needed: Capability): boolean {
  return granted.includes(needed) || (IMPLIED_BY[needed] ?? []).some((c) => granted.includes(c));
}

export const isCapability = (value: unknown): value is Capability => CAPABILITIES.includes(value as Capability);
