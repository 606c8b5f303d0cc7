/** The largest preview page. */
export const MAX_PAGE_SIZE = 500;
