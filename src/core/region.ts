/**
 * Mixpanel's data-residency regions. Both the API client (which hosts to call) and the org-state
 * model (where an organization lives) need this name, so it lives below both.
 */
export type Region = 'US' | 'EU' | 'IN';
