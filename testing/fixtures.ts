/** The test seed's clock: its 90 days cover both 2026 spring DST changes (US 8 March, EU 29 March). */
export const TEST_NOW = Date.UTC(2026, 3, 5, 12, 0, 0);
export const TEST_EVENTS = 20_000;
