/** PDF layouts; safe to import from client components (the export dialog lists them). */
export const PDF_TEMPLATES = ["executive", "detailed", "comparison"] as const;
export type PdfTemplate = (typeof PDF_TEMPLATES)[number];
