/**
 * Whether something behind `featureFlags` (a connector, an event type) is shown to a session
 * holding `sessionFlags`: flags hide it unless the session carries one of them, as Svix's do;
 * null is the vendor, who sees everything.
 */
export const visibleWith =
  (sessionFlags: readonly string[] | null) =>
  ({ featureFlags }: { featureFlags: readonly string[] | null }): boolean =>
    sessionFlags === null || !featureFlags?.length || featureFlags.some((f) => sessionFlags.includes(f));
